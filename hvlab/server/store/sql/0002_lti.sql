-- LTI 1.3 Advantage: the tool's keys, registered platforms and their deployments, the platforms'
-- public keys (cache), OIDC login states, used nonces, LMS users and courses, resource links,
-- service access tokens (cache) and the outbox of grades to send.

CREATE TABLE lti_keys (
    kid TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    -- The signing key is the newest active one; a retired key stays in the JWKS until
    -- published_until, so that platforms holding a token it signed can still check it.
    active INTEGER NOT NULL DEFAULT 1,
    published_until DOUBLE PRECISION
);

CREATE TABLE lti_platforms (
    id {id},
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    auth_url TEXT NOT NULL,
    token_url TEXT NOT NULL,
    jwks_url TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE lti_deployments (
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    PRIMARY KEY (platform_id, deployment_id)
);

CREATE TABLE lti_platform_keys (
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    kid TEXT NOT NULL,
    jwk TEXT NOT NULL,
    fetched_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (platform_id, kid)
);

CREATE TABLE lti_states (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    expires_at DOUBLE PRECISION NOT NULL
);

CREATE TABLE lti_nonces (
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (platform_id, nonce)
);

CREATE TABLE lti_users (
    id {id},
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    student_number TEXT NOT NULL,
    teacher_id BIGINT REFERENCES teachers (id),
    UNIQUE (platform_id, subject)
);

CREATE TABLE lti_contexts (
    id {id},
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    context_id TEXT NOT NULL,
    title TEXT NOT NULL,
    memberships_url TEXT,
    lineitems_url TEXT,
    UNIQUE (platform_id, context_id)
);

-- A resource link of a course: what it opens (an évaluation, a page of the site) and its
-- gradebook column.
CREATE TABLE lti_links (
    id {id},
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    context_pk BIGINT REFERENCES lti_contexts (id) ON DELETE CASCADE,
    resource_link_id TEXT NOT NULL,
    evaluation_id BIGINT REFERENCES evaluations (id) ON DELETE SET NULL,
    lineitem_url TEXT,
    UNIQUE (platform_id, resource_link_id)
);

CREATE TABLE lti_tokens (
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    access_token TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (platform_id, scopes)
);

-- Grades waiting to be sent to a platform: written in the same transaction as the submission,
-- sent by any process, retried with back-off, visible to the teacher.
CREATE TABLE lti_outbox (
    id {id},
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
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
CREATE INDEX lti_outbox_due ON lti_outbox (status, next_try_at);

ALTER TABLE attempts ADD COLUMN lti_user_id BIGINT REFERENCES lti_users (id);
ALTER TABLE attempts ADD COLUMN lti_link_id BIGINT REFERENCES lti_links (id);

-- A deep-linking request waiting for the teacher's choice (what the platform asked to get back).
CREATE TABLE lti_deep_requests (
    token_hash TEXT PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    teacher_id BIGINT NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
    context_pk BIGINT REFERENCES lti_contexts (id) ON DELETE CASCADE,
    return_url TEXT NOT NULL,
    data TEXT,
    expires_at DOUBLE PRECISION NOT NULL
);
