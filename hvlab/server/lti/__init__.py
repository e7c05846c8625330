"""LTI 1.3 Advantage: hvlab as a tool that a platform (Moodle, Canvas…) launches.

One module per part of the standard:

* :mod:`~hvlab.server.lti.claims` — the claim names and roles of the specification;
* :mod:`~hvlab.server.lti.keys` — the tool's RSA keys (rotation) and its public JWKS;
* :mod:`~hvlab.server.lti.platforms` — registered platforms, their deployments and public keys;
* :mod:`~hvlab.server.lti.launch` — OIDC third-party login initiation and the launch checks;
* :mod:`~hvlab.server.lti.deeplinking` — the teacher's choice sent back to the platform;
* :mod:`~hvlab.server.lti.services` — OAuth 2 client credentials, Assignment and Grade Services,
  Names and Role Provisioning;
* :mod:`~hvlab.server.lti.outbox` — the durable queue of grades, retried with back-off;
* :mod:`~hvlab.server.lti.views` — the HTTP endpoints and pages.

JOSE (signatures, keys) is joserfc's: no signature code here.
"""
