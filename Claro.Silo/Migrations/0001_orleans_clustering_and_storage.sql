-- What the Orleans ADO.NET providers (10.x) need: the OrleansQuery table they read at
-- start-up, and the tables behind those queries. The providers know only the query keys,
-- the parameter names they bind (@DeploymentId, @GrainIdHash, ...) and the column names
-- they read back, so table and function names are ours.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- Membership. The version row is the optimistic-concurrency token for the whole table:
-- a write succeeds only if it names the version it read, and bumps it.
CREATE TABLE orleans_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    version       integer      NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership
(
    deployment_id   varchar(150)  NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer       NULL,
    suspect_times   varchar(8000) NULL,
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Answers 1 when the silo row was added and the table version moved on, 0 when the caller's
-- version was stale or the row already existed (then nothing changes).
CREATE FUNCTION orleans_insert_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status,
         proxy_port, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         p_proxy_port, p_start_time, p_i_am_alive_time);
    RETURN 1;
EXCEPTION WHEN unique_violation THEN
    -- The block is rolled back, version bump included.
    RETURN 0;
END
$$;

CREATE FUNCTION orleans_update_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = GREATEST(i_am_alive_time, p_i_am_alive_time)
     WHERE deployment_id = p_deployment_id AND address = p_address
       AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such silo' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN 1;
EXCEPTION WHEN no_data_found THEN
    RETURN 0;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_update_member(@DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version)
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
       SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
     WHERE deployment_id = @DeploymentId AND address = @Address
       AND port = @Port AND generation = @Generation
$q$),
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id
       AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
     WHERE v.deployment_id = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
     WHERE v.deployment_id = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
      FROM orleans_membership
     WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
-- Only rows of dead silos (status 6) are ever removed.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$),
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId AND status = 6
       AND address = @Address AND port = @Port AND generation = @Generation
$q$);

-- Grain state. Orleans names a row by service id, state name (sent as GrainTypeString,
-- with its hash) and grain id (two longs, a hash and an optional string extension).
-- The version is the ETag: a write names the version it read and gets the next one back.
CREATE TABLE orleans_storage
(
    service_id          varchar(150) NOT NULL,
    grain_type_hash     integer      NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_id_hash       integer      NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  varchar(512) NOT NULL DEFAULT '',
    payload             bytea        NULL,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
);

-- Returns the new version, or the caller's version unchanged when the write lost a race
-- (Orleans then raises InconsistentStateException).
CREATE FUNCTION orleans_write_state(
    p_service_id text, p_grain_type_hash integer, p_grain_type text, p_grain_id_hash integer,
    p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_id_extension text,
    p_expected_version integer, p_payload bytea)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_storage
            (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
             grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0,
             p_grain_id_n1, coalesce(p_grain_id_extension, ''), p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleans_storage
           SET payload = p_payload, version = version + 1, modified_at = now()
         WHERE service_id = p_service_id AND grain_type_hash = p_grain_type_hash
           AND grain_type = p_grain_type AND grain_id_hash = p_grain_id_hash
           AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
           AND grain_id_extension = coalesce(p_grain_id_extension, '')
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN coalesce(new_version, p_expected_version);
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', $q$
    SELECT orleans_write_state(@ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash,
        @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary)
        AS NewGrainStateVersion
$q$),
('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, modified_at AS ModifiedOn, version AS Version
      FROM orleans_storage
     WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash
       AND grain_type = @GrainTypeString AND grain_id_hash = @GrainIdHash
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
$q$),
('ClearStorageKey', $q$
    UPDATE orleans_storage
       SET payload = NULL, version = version + 1, modified_at = now()
     WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash
       AND grain_type = @GrainTypeString AND grain_id_hash = @GrainIdHash
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
       AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion
$q$);
