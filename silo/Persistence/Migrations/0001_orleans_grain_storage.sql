-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.x), written for this project.
--
-- The provider reads its SQL from OrleansQuery at start-up (keys WriteToStorageKey, ReadFromStorageKey,
-- ClearStorageKey, DeleteStorageKey) and binds these parameters: GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash,
-- GrainTypeString, GrainIdExtensionString, ServiceId, GrainStateVersion, PayloadBinary. It reads the columns
-- PayloadBinary and Version, and NewGrainStateVersion after a write. Versions are the optimistic-concurrency ETag:
-- a write or clear carrying a stale version changes nothing and returns no row, which the provider reports as an
-- InconsistentStateException. A first write (no version) inserts version 1 unless another activation got there first.
--
-- The provider's own SQL uses unquoted names (QueryKey, QueryText), which PostgreSQL folds to lower case; the
-- table and columns below are declared the same way so that lookup matches.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE orleans_storage
(
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_extension varchar(512),
    service_id         varchar(150) NOT NULL,
    payload            bytea,
    version            integer      NOT NULL,
    modified_on        timestamptz  NOT NULL DEFAULT now()
);

-- One row per grain and service; the hashes lead so the index stays narrow and selective.
CREATE UNIQUE INDEX orleans_storage_grain
    ON orleans_storage (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, coalesce(grain_id_extension, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND coalesce(grain_id_extension, '''') = coalesce(@GrainIdExtensionString, '''')
'),
('WriteToStorageKey', '
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_on = now()
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND coalesce(grain_id_extension, '''') = coalesce(@GrainIdExtensionString, '''')
      AND @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
    RETURNING version
),
inserted AS (
    INSERT INTO orleans_storage (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_id_extension, service_id, payload, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
'),
('ClearStorageKey', '
UPDATE orleans_storage
SET payload = NULL, version = version + 1, modified_on = now()
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND coalesce(grain_id_extension, '''') = coalesce(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version
'),
('DeleteStorageKey', '
DELETE FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND coalesce(grain_id_extension, '''') = coalesce(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1
');
