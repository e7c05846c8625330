-- Graded labs through LTI: a resource link may open a lab of the course; each LMS student gets
-- one attempt per link, with the code and the checks' report of each step. The outbox of grades
-- now carries an évaluation's attempt or a lab's attempt.

ALTER TABLE lti_links ADD COLUMN lab_id TEXT;

CREATE TABLE lab_attempts (
    id {id},
    public_id TEXT NOT NULL UNIQUE,
    link_id BIGINT NOT NULL REFERENCES lti_links (id) ON DELETE CASCADE,
    lti_user_id BIGINT NOT NULL REFERENCES lti_users (id) ON DELETE CASCADE,
    lab_id TEXT NOT NULL,
    title TEXT NOT NULL,
    student_name TEXT NOT NULL,
    student_number TEXT NOT NULL,
    owner_session TEXT NOT NULL,
    steps_total INTEGER NOT NULL,
    steps_passed INTEGER NOT NULL DEFAULT 0,
    -- What was last queued for the platform (NULL: nothing yet), so that a score is queued once
    -- per change.
    queued_passed INTEGER,
    queued_done INTEGER NOT NULL DEFAULT 0,
    started_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    submitted_at DOUBLE PRECISION,
    UNIQUE (link_id, lti_user_id)
);

CREATE TABLE lab_steps (
    lab_attempt_id BIGINT NOT NULL REFERENCES lab_attempts (id) ON DELETE CASCADE,
    step_id TEXT NOT NULL,
    code TEXT NOT NULL,
    passed INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    checks_run INTEGER NOT NULL DEFAULT 0,
    checked_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (lab_attempt_id, step_id)
);

-- The teachers of a course who opened a lab link from the LMS (they may follow its progress).
CREATE TABLE lab_link_teachers (
    link_id BIGINT NOT NULL REFERENCES lti_links (id) ON DELETE CASCADE,
    teacher_id BIGINT NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
    PRIMARY KEY (link_id, teacher_id)
);

-- The outbox, rebuilt so that a row names either an évaluation's attempt or a lab's attempt
-- (SQLite cannot drop a NOT NULL). Rows are copied in their order; their ids are renumbered.
CREATE TABLE lti_outbox_v2 (
    id {id},
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    attempt_id BIGINT REFERENCES attempts (id) ON DELETE CASCADE,
    lab_attempt_id BIGINT REFERENCES lab_attempts (id) ON DELETE CASCADE,
    lineitem_url TEXT NOT NULL,
    score_json TEXT NOT NULL,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at DOUBLE PRECISION NOT NULL,
    claimed_until DOUBLE PRECISION,
    last_error TEXT NOT NULL DEFAULT '',
    created_at DOUBLE PRECISION NOT NULL,
    sent_at DOUBLE PRECISION
);
INSERT INTO lti_outbox_v2 (platform_id, attempt_id, lineitem_url, score_json, status, tries,
    next_try_at, claimed_until, last_error, created_at, sent_at)
    SELECT platform_id, attempt_id, lineitem_url, score_json, status, tries, next_try_at,
        claimed_until, last_error, created_at, sent_at FROM lti_outbox ORDER BY id;
DROP TABLE lti_outbox;
ALTER TABLE lti_outbox_v2 RENAME TO lti_outbox;
CREATE INDEX lti_outbox_due ON lti_outbox (status, next_try_at);
