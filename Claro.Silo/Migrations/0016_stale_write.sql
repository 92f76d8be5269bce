-- Raised by a grain's own-table write that finds its row moved on (another activation wrote it):
-- the error aborts the batch it is in, an implicit transaction, so the write and every row sent
-- with it roll back without an explicit BEGIN and a COMMIT round trip of their own.
-- SQLSTATE CL409 is Claro's, outside the classes PostgreSQL uses.
CREATE FUNCTION claro_stale_write(row_key text) RETURNS integer
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    RAISE EXCEPTION 'the row % was written by another activation', row_key USING ERRCODE = 'CL409';
END
$$;
