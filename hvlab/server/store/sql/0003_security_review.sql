-- Security review: administrators (only they manage LTI platforms and the tool's keys), the
-- platform a browser session was opened from (the only site allowed to frame its pages), and
-- évaluations closed to joining by code (taken from an LMS only: nobody can borrow a number).

ALTER TABLE teachers ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
-- The first account made from the command line administered everything until now: it keeps that
-- role; accounts opened by an LMS launch (no password) never get it.
UPDATE teachers SET is_admin = 1
    WHERE id = (SELECT MIN(id) FROM teachers WHERE password_hash <> '!');

ALTER TABLE web_sessions ADD COLUMN platform_id BIGINT REFERENCES lti_platforms (id) ON DELETE CASCADE;

ALTER TABLE evaluations ADD COLUMN code_join INTEGER NOT NULL DEFAULT 1;

CREATE INDEX attempts_lti_user ON attempts (evaluation_id, lti_user_id);
