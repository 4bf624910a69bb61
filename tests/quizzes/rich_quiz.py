"""A quiz with one question of every type, for the web and browser tests."""

RICH_QUIZ = """\
## pick-port
type: single
tags: ports

Which port does HTTPS normally use?

- [ ] 80
  > Port 80 is plain HTTP.
- [x] 443
  > Correct.

Explanation: HTTPS normally uses port 443.

## pick-facts
type: multiple

What identifies a subscriber behind CGNAT?

- [x] The public IP address
  > Yes.
- [x] The source port
  > Yes.
- [ ] The subscriber's favourite colour
  > No.

Explanation: address, port and time.

## ip-unique
type: truefalse

One IP address always corresponds to one website.

- [ ] True
  > No: shared hosting.
- [x] False
  > Right.

Explanation: one address can serve many sites.

## capital-city
type: short
ignore_accents: yes

Which city hosts the Peruvian judiciary's headquarters?

- [x] Lima
  > Correct.

Explanation: Lima.

## dns-port
type: numerical

Which port number does DNS use?

- [x] 53
  > Correct.
- [ ] *
  > DNS uses port 53.

Explanation: DNS uses port 53.

## record-types
type: matching

Match each DNS record type with what it holds.

- A -> An IPv4 address
- MX -> A mail server
- NS -> A name server
- -> A web page

Explanation: A, MX and NS records.

## resolution-steps
type: ordering

Put the steps of a DNS resolution in order.

1. The browser asks the resolver
2. The resolver asks a root server
3. The root refers it to the .org servers
4. The answer reaches the browser

Explanation: from the browser to the root and back.

## rdap-registrar
type: artefact

Read this RDAP response. Who is the registrar?

```json
{"objectClassName": "domain", "ldhName": "example.org",
 "entities": [{"roles": ["registrar"],
               "vcardArray": ["vcard", [["fn", {}, "text", "Example Registrar LLC"]]]}]}
```

- [x] Example Registrar LLC
  > Right: the entity with the role registrar.
- [ ] example.org
  > That is the domain itself.

Explanation: look for the entity whose role is registrar.
"""

RICH_ANSWERS_TEXT = {"capital-city": "lima", "dns-port": "53"}
