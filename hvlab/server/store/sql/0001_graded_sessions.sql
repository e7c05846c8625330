-- Graded sessions: teacher accounts, browser sessions, évaluations, attempts, answers, re-grades
-- and rate-limit counters. Times are seconds since the Unix epoch (UTC), as DOUBLE PRECISION.

CREATE TABLE teachers (
    id {id},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

-- A browser session: a teacher's after login, or a student's after joining. The cookie holds a
-- random token; only its SHA-256 is stored.
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    teacher_id BIGINT REFERENCES teachers (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

CREATE TABLE evaluations (
    id {id},
    public_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    quiz_id TEXT NOT NULL,
    -- The quiz as graded (its YAML-shaped dict as JSON) and its fingerprint: a key corrected
    -- later in quizzes/ changes nothing until the teacher re-grades.
    quiz_json TEXT NOT NULL,
    quiz_fingerprint TEXT NOT NULL,
    -- Key of the opaque ids students see (hvlab.quiz.view), hex; never sent to a browser.
    view_secret TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    opens_at DOUBLE PRECISION NOT NULL,
    closes_at DOUBLE PRECISION NOT NULL,
    duration_s INTEGER,
    max_attempts INTEGER NOT NULL,
    show_score TEXT NOT NULL,
    show_feedback TEXT NOT NULL,
    show_answers TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES teachers (id),
    created_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);

-- Extra time and extra attempts granted to one student of one évaluation.
CREATE TABLE adjustments (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    student_number TEXT NOT NULL,
    extra_time_s INTEGER NOT NULL DEFAULT 0,
    extra_attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (evaluation_id, student_number)
);

CREATE TABLE attempts (
    id {id},
    public_id TEXT NOT NULL UNIQUE,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    student_number TEXT NOT NULL,
    student_name TEXT NOT NULL,
    attempt_no INTEGER NOT NULL,
    -- The browser session allowed to use the attempt (NULL: the next join of this student claims
    -- it, after the teacher released it).
    owner_session TEXT,
    -- What the student was dealt: question order and the seed of every question's variant.
    plan_json TEXT NOT NULL,
    started_at DOUBLE PRECISION NOT NULL,
    deadline_at DOUBLE PRECISION NOT NULL,
    submitted_at DOUBLE PRECISION,
    submit_reason TEXT,
    score DOUBLE PRECISION,
    max_score DOUBLE PRECISION,
    results_json TEXT,
    UNIQUE (evaluation_id, student_number, attempt_no)
);
CREATE INDEX attempts_open ON attempts (deadline_at) WHERE submitted_at IS NULL;
CREATE INDEX attempts_evaluation ON attempts (evaluation_id, student_number);

-- The latest answer to each question of an attempt. A save carries the page's sequence number:
-- an older save arriving late never overwrites a newer one, the same save twice changes nothing.
CREATE TABLE answers (
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    -- The response as the page sent it (view ids, to show it again) and as graded (source
    -- indexes and texts, to re-grade after a key correction).
    response_json TEXT NOT NULL,
    value_json TEXT NOT NULL,
    seq BIGINT NOT NULL,
    hints_used INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    saved_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

-- One re-grade after a key correction: what changed in the quiz and in each student's marks.
CREATE TABLE regrades (
    id {id},
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    teacher_id BIGINT REFERENCES teachers (id) ON DELETE SET NULL,
    created_at DOUBLE PRECISION NOT NULL,
    old_fingerprint TEXT NOT NULL,
    new_fingerprint TEXT NOT NULL,
    changes_json TEXT NOT NULL
);

-- Fixed-window counters for rate limits (join, login), shared by every process.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
