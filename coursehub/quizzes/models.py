"""Quiz attempts and per-question responses: append-only learning records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coursehub.core.db import UTCDateTime, db, utcnow


class QuizAttempt(db.Model):
    """One submitted try at a module's quiz.

    ``token`` comes from the form the learner was given; it is unique, so a
    form submitted twice (double click, retry, two processes) records one
    attempt. The pass rule and the content version are snapshotted.
    """

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        Index("ix_quiz_attempt_user_module", "user_id", "module_id"),
        # Covers the item analysis' scan of a module's attempts.
        Index("ix_quiz_attempt_module_kind", "module_id", "kind", "version_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    score: Mapped[float] = mapped_column()  # 0..100
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    # "quiz" counts for completion; "pretest" is a diagnostic taken before the
    # module (same question keys), reported as knowledge gain only.
    kind: Mapped[str] = mapped_column(String(10), default="quiz", server_default="quiz")

    responses: Mapped[list[QuestionResponse]] = relationship(
        back_populates="attempt", order_by="QuestionResponse.position"
    )


class QuestionResponse(db.Model):
    __tablename__ = "question_response"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_key"),
        # Item analysis reads these in attempt order (PostgreSQL: answer included too;
        # a json column cannot be a B-tree key).
        Index("ix_question_response_item_analysis", "attempt_id", "question_key", "score",
              postgresql_include=["answer"]),
        # SQLite: large item analyses read responses already grouped (it sorts to group).
        Index("ix_question_response_item_key_order", "question_key", "answer", "attempt_id",
              "score").ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    question_key: Mapped[str] = mapped_column(String(80), index=True)
    position: Mapped[int] = mapped_column(Integer)
    answer: Mapped[list] = mapped_column(JSON)
    score: Mapped[float] = mapped_column()  # 0..1
    # What the learner saw: option order, matching/ordering shuffles (stored indices).
    shown: Mapped[dict | None] = mapped_column(JSON)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="responses")
