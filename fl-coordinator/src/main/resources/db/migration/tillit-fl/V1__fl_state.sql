-- State of the federated-learning coordinator (se.tillit.fl.coordinator.StateStore).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Flyway history table:
-- tillit_fl_schema_history (the dp module keeps its own, tillit_dp_schema_history).

-- One row per submitted run. spec is the run file (YAML). status: SUBMITTED, RUNNING,
-- COMPLETED, CANCELLED, FAILED. current_round: the last training round completed (0 before any).
CREATE TABLE tillit_fl_run (
  id            VARCHAR(64)              NOT NULL PRIMARY KEY,
  name          VARCHAR(200)             NOT NULL,
  spec          VARCHAR(1000000)         NOT NULL,
  status        VARCHAR(20)              NOT NULL,
  current_round BIGINT                   NOT NULL,
  rounds_total  BIGINT                   NOT NULL,
  submit_seq    BIGINT                   NOT NULL,
  submitted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at    TIMESTAMP WITH TIME ZONE,
  finished_at   TIMESTAMP WITH TIME ZONE,
  detail        VARCHAR(4000)            NOT NULL
);

-- One row per attempt of a round. kind: TRAIN or EVALUATE. status: RUNNING, COMPLETED, FAILED,
-- CANCELLED, ABANDONED (the coordinator stopped during it). sampled_clients and failure_detail
-- are JSON (client ids and failure kinds, never data); metrics is a JSON object of numbers.
CREATE TABLE tillit_fl_round (
  run_id          VARCHAR(64)              NOT NULL,
  round           BIGINT                   NOT NULL,
  kind            VARCHAR(10)              NOT NULL,
  attempt         INTEGER                  NOT NULL,
  status          VARCHAR(20)              NOT NULL,
  sampled         INTEGER                  NOT NULL,
  contributors    INTEGER                  NOT NULL,
  failures        INTEGER                  NOT NULL,
  sampled_clients VARCHAR(1000000)         NOT NULL,
  failure_detail  VARCHAR(1000000)         NOT NULL,
  metrics         VARCHAR(1000000)         NOT NULL,
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at     TIMESTAMP WITH TIME ZONE,
  CONSTRAINT tillit_fl_round_pk PRIMARY KEY (run_id, round, kind, attempt)
);

-- Clients that have ever said Hello. properties: JSON object of their Hello properties.
CREATE TABLE tillit_fl_client (
  id         VARCHAR(128)             NOT NULL PRIMARY KEY,
  properties VARCHAR(100000)          NOT NULL,
  first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
  connected  BOOLEAN                  NOT NULL
);

-- The global model after a training round (round 0: the initial model) and the strategy's
-- state, for resuming. model: se.tillit.fl.coordinator.internal.ModelCodec.
CREATE TABLE tillit_fl_checkpoint (
  run_id         VARCHAR(64)              NOT NULL,
  round          BIGINT                   NOT NULL,
  model          BYTEA                    NOT NULL,
  strategy_state BYTEA                    NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT tillit_fl_checkpoint_pk PRIMARY KEY (run_id, round)
);
