"""Deny by default: every route declares a policy, and the policy is enforced."""

import pytest

from coursehub.core.permissions import AccessPolicy

# The declared policy of every route, checked against the app's url_map.
EXPECTED = {
    "static": "public",
    "core.home": "public",
    "core.healthz": "public",
    "core.set_language": "public",
    "accounts.register": "public",
    "accounts.login": "public",
    "accounts.logout": "authenticated",
    "content.asset": "public",
    "learning.catalogue": "public",
    "learning.module_page": "public",
    "learning.lesson_page": "authenticated",
    "learning.offline_copy": "authenticated",
    "learning.complete_lesson": "authenticated",
    "learning.dashboard": "authenticated",
    "quizzes.quiz_page": "authenticated",
    "quizzes.submit_quiz": "authenticated",
    "quizzes.attempt_result": "authenticated",
    "credentials.badge_page": "public",
    "authoring.index": "roles:admin,instructor",
    "authoring.new_module": "roles:admin,instructor",
    "authoring.upload_new": "roles:admin,instructor",
    "authoring.module_page": "roles:admin,instructor",
    "authoring.edit_file": "roles:admin,instructor",
    "authoring.preview": "roles:admin,instructor",
    "authoring.new_file": "roles:admin,instructor",
    "authoring.delete_file": "roles:admin,instructor",
    "authoring.draft_asset": "roles:admin,instructor",
    "authoring.publish": "roles:admin,instructor",
    "authoring.set_status": "roles:admin,instructor",
    "authoring.download": "roles:admin,instructor",
    "authoring.upload": "roles:admin,instructor",
    "authoring.gift": "roles:admin,instructor",
    "authoring.export": "roles:admin,instructor",
    "authoring.bank": "roles:admin,instructor",
    "accounts.confirm_email": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "account.overview": "authenticated",
    "account.change_password": "authenticated",
    "account.download_data": "authenticated",
    "account.delete_account": "authenticated",
    "audit.audit_log": "roles:admin",
    "audit.anonymise_user": "roles:admin",
    "reports.completion": "roles:admin,instructor",
    "reports.completion_csv": "roles:admin,instructor",
    "reports.learners": "roles:admin,instructor",
    "reports.learners_csv": "roles:admin,instructor",
    "reports.learner_transcript": "roles:admin,instructor",
    "reports.transcript_csv": "roles:admin,instructor",
    "reports.items": "roles:admin,instructor",
    "reports.items_csv": "roles:admin,instructor",
    "reports.gain": "roles:admin,instructor",
    "reports.gain_csv": "roles:admin,instructor",
    "admin.organisations": "roles:admin",
    "admin.organisation_edit": "roles:admin",
    "admin.cohorts": "roles:admin",
    "admin.cohort_new": "roles:admin",
    "admin.cohort_edit": "roles:admin",
    "admin.cohort_code": "roles:admin",
    "admin.cohort_member_remove": "roles:admin",
    "admin.users": "roles:admin",
    "admin.user_edit": "roles:admin",
    "cohorts.join_with_code": "authenticated",
    "cohorts.join": "authenticated",
    "cohorts.my_cohorts": "roles:admin,instructor",
    "pretest.pretest_page": "authenticated",
    "pretest.submit_pretest": "authenticated",
    "credentials.verify_lookup": "public",
    "credentials.certificate": "authenticated",
    "credentials.issuer_profile": "public",
    "credentials.badge_class": "public",
    "credentials.badge_class_image": "public",
    "credentials.assertion": "public",
    "credentials.baked_badge": "public",
    "credentials.credential_jwt": "public",
    "credentials.credential_badge": "public",
    "credentials.jwks": "public",
    "credentials.revocation_list": "public",
    "credentials.admin_awards": "roles:admin",
    "credentials.admin_award": "roles:admin",
    "credentials.admin_revoke": "roles:admin",
}


def test_every_route_declares_a_policy(app):
    missing = [rule.endpoint for rule in app.url_map.iter_rules()
               if not isinstance(getattr(app.view_functions[rule.endpoint], "access_policy",
                                         None), AccessPolicy)]
    assert missing == []


def test_declared_policies_match_the_documented_table(app):
    declared = {}
    for rule in app.url_map.iter_rules():
        policy = app.view_functions[rule.endpoint].access_policy
        declared[rule.endpoint] = policy.name if policy.name != "roles" else \
            "roles:" + ",".join(sorted(policy.roles))
    assert declared == EXPECTED


def test_a_route_without_a_policy_is_refused(database_url):
    from coursehub import create_app

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    fresh.add_url_rule("/undeclared-for-test", "undeclared_for_test", lambda: "secret")
    response = fresh.test_client().get("/undeclared-for-test")
    assert response.status_code == 403
    assert b"secret" not in response.data


def concrete_urls(slug="sample-module"):
    return {
        "learning.lesson_page": f"/modules/{slug}/lessons/ports",
        "learning.dashboard": "/my-learning",
        "quizzes.quiz_page": f"/modules/{slug}/quiz",
    }


@pytest.mark.parametrize("endpoint, url", sorted(concrete_urls().items()))
def test_signed_in_pages_send_anonymous_visitors_to_sign_in(client, sample_module, endpoint, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("url", ["/modules/sample-module/lessons/ports/complete",
                                 "/modules/sample-module/quiz", "/logout"])
def test_posts_need_sign_in(client, sample_module, url):
    assert client.post(url).status_code in (302, 400)
    assert client.post(url).status_code != 200
