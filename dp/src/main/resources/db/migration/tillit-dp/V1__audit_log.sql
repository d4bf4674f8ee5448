-- Tamper-evident audit log of the dp module (se.tillit.dp.audit).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

-- One row per audit record. hash = SHA-256 over a canonical encoding of every other column
-- (see se.tillit.dp.audit.internal.AuditChain); prev_hash is the hash of record seq - 1, or 64
-- zeros for record 1. Records are only ever inserted.
CREATE TABLE tillit_dp_audit (
  seq         BIGINT                   NOT NULL PRIMARY KEY,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor       VARCHAR(200)             NOT NULL,
  action      VARCHAR(100)             NOT NULL,
  subject     VARCHAR(300)             NOT NULL,
  details     VARCHAR(1000000)         NOT NULL,
  prev_hash   VARCHAR(64)              NOT NULL,
  hash        VARCHAR(64)              NOT NULL
);

-- The head of the chain: a single row, locked (SELECT ... FOR UPDATE) by every append so that
-- appends from several processes are serialised. It also lets verify() notice records deleted
-- from the end of the chain.
CREATE TABLE tillit_dp_audit_head (
  id        INTEGER     NOT NULL PRIMARY KEY,
  last_seq  BIGINT      NOT NULL,
  last_hash VARCHAR(64) NOT NULL,
  CONSTRAINT tillit_dp_audit_head_single_row CHECK (id = 1)
);

INSERT INTO tillit_dp_audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
