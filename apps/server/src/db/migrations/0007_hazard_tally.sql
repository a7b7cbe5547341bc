CREATE TABLE "hazard_tally" (
	"region_code" varchar(12) NOT NULL,
	"dimension" varchar(16) NOT NULL,
	"key" varchar(32) NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "hazard_tally_region_code_dimension_key_pk" PRIMARY KEY("region_code","dimension","key")
);
--> statement-breakpoint
CREATE INDEX "hazard_tally_region_idx" ON "hazard_tally" USING btree ("region_code" varchar_pattern_ops);--> statement-breakpoint
-- The keys one hazard counts under: its state, grade, kind, sector and origin, and once closed
-- the whole days it took from report to 销号. The trigger and the statistics' dated (live) path
-- both count through this one function.
CREATE FUNCTION hazard_tally_keys(state varchar, grade varchar, kind varchar, sector varchar, origin varchar,
    created_at timestamptz, closed_at timestamptz)
  RETURNS TABLE (dimension varchar, key varchar) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT d.dimension, d.key FROM (VALUES
    ('state'::varchar, state), ('grade', grade), ('kind', kind), ('sector', sector), ('origin', origin),
    ('closeDays', CASE WHEN state = 'closed' AND closed_at IS NOT NULL
      THEN greatest(0, floor(extract(epoch FROM closed_at - created_at) / 86400))::int::varchar END)
  ) AS d(dimension, key) WHERE d.key IS NOT NULL
$$;
--> statement-breakpoint
-- Adds the rows a statement inserted, subtracts those it deleted, and for an update both, so only
-- what changed is written; rows are upserted in key order, so concurrent writers lock them in
-- the same order and cannot deadlock on the tally.
CREATE FUNCTION hazard_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT n.region_code, k.dimension, k.key, count(*)::int FROM new_rows n
      CROSS JOIN LATERAL hazard_tally_keys(n.state, n.grade, n.kind, n.sector, n.origin, n.created_at, n.closed_at) k
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT region_code, dimension, key, sum(delta)::int FROM (
      SELECT n.region_code, k.dimension, k.key, 1 AS delta FROM new_rows n
        CROSS JOIN LATERAL hazard_tally_keys(n.state, n.grade, n.kind, n.sector, n.origin, n.created_at, n.closed_at) k
      UNION ALL
      SELECT o.region_code, k.dimension, k.key, -1 FROM old_rows o
        CROSS JOIN LATERAL hazard_tally_keys(o.state, o.grade, o.kind, o.sector, o.origin, o.created_at, o.closed_at) k
    ) changes GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  ELSE
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT o.region_code, k.dimension, k.key, -count(*)::int FROM old_rows o
      CROSS JOIN LATERAL hazard_tally_keys(o.state, o.grade, o.kind, o.sector, o.origin, o.created_at, o.closed_at) k
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER hazard_tally_insert AFTER INSERT ON hazard REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_tally_apply();
--> statement-breakpoint
CREATE TRIGGER hazard_tally_update AFTER UPDATE ON hazard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_tally_apply();
--> statement-breakpoint
CREATE TRIGGER hazard_tally_delete AFTER DELETE ON hazard REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_tally_apply();
--> statement-breakpoint
INSERT INTO hazard_tally (region_code, dimension, key, count)
SELECT h.region_code, k.dimension, k.key, count(*)::int FROM hazard h
  CROSS JOIN LATERAL hazard_tally_keys(h.state, h.grade, h.kind, h.sector, h.origin, h.created_at, h.closed_at) k
  GROUP BY 1, 2, 3;
