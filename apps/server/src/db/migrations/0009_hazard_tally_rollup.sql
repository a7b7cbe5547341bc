-- The tally also counts each village's hazards under its township (a row per township holds the
-- township's own hazards and all of its villages'), so a county's statistics read one row set per
-- township instead of one per village; and open hazards under the month of their deadline
-- (`due`), so overdue is read from the tally for past months and counted live for this one only.
-- The places a hazard counts under: its own, and its township when it sits in a village.
CREATE FUNCTION hazard_tally_codes(region_code varchar)
  RETURNS TABLE (code varchar) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT region_code
  UNION ALL
  SELECT rpad(substr(region_code, 1, 9), 12, '0')::varchar WHERE substr(region_code, 10) <> '000'
$$;
--> statement-breakpoint
DROP FUNCTION hazard_tally_keys(varchar, varchar, varchar, varchar, varchar, timestamptz, timestamptz);
--> statement-breakpoint
-- The keys one hazard counts under: its state, grade, kind, sector and origin; once closed, the
-- whole days it took from report to 销号; while assigned or rectifying, its deadline's month.
CREATE FUNCTION hazard_tally_keys(state varchar, grade varchar, kind varchar, sector varchar, origin varchar,
    deadline date, created_at timestamptz, closed_at timestamptz)
  RETURNS TABLE (dimension varchar, key varchar) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT d.dimension, d.key FROM (VALUES
    ('state'::varchar, state), ('grade', grade), ('kind', kind), ('sector', sector), ('origin', origin),
    ('closeDays', CASE WHEN state = 'closed' AND closed_at IS NOT NULL
      THEN greatest(0, floor(extract(epoch FROM closed_at - created_at) / 86400))::int::varchar END),
    ('due', CASE WHEN state IN ('assigned', 'rectifying') AND deadline IS NOT NULL
      THEN to_char(deadline, 'YYYY-MM') END)
  ) AS d(dimension, key) WHERE d.key IS NOT NULL
$$;
--> statement-breakpoint
-- As in 0007, with each row's keys counted under each of its places.
CREATE OR REPLACE FUNCTION hazard_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT c.code, k.dimension, k.key, count(*)::int FROM new_rows n
      CROSS JOIN LATERAL hazard_tally_codes(n.region_code) c
      CROSS JOIN LATERAL hazard_tally_keys(n.state, n.grade, n.kind, n.sector, n.origin, n.deadline, n.created_at, n.closed_at) k
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT code, dimension, key, sum(delta)::int FROM (
      SELECT c.code, k.dimension, k.key, 1 AS delta FROM new_rows n
        CROSS JOIN LATERAL hazard_tally_codes(n.region_code) c
        CROSS JOIN LATERAL hazard_tally_keys(n.state, n.grade, n.kind, n.sector, n.origin, n.deadline, n.created_at, n.closed_at) k
      UNION ALL
      SELECT c.code, k.dimension, k.key, -1 FROM old_rows o
        CROSS JOIN LATERAL hazard_tally_codes(o.region_code) c
        CROSS JOIN LATERAL hazard_tally_keys(o.state, o.grade, o.kind, o.sector, o.origin, o.deadline, o.created_at, o.closed_at) k
    ) changes GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  ELSE
    INSERT INTO hazard_tally (region_code, dimension, key, count)
    SELECT c.code, k.dimension, k.key, -count(*)::int FROM old_rows o
      CROSS JOIN LATERAL hazard_tally_codes(o.region_code) c
      CROSS JOIN LATERAL hazard_tally_keys(o.state, o.grade, o.kind, o.sector, o.origin, o.deadline, o.created_at, o.closed_at) k
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (region_code, dimension, key) DO UPDATE SET count = hazard_tally.count + excluded.count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recounts the tally from the hazards (after a bulk load that bypassed the triggers, or to repair
-- it); returns the number of tally rows. `rebuildHazardTally` calls this.
CREATE FUNCTION hazard_tally_rebuild() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  total integer;
BEGIN
  DELETE FROM hazard_tally;
  INSERT INTO hazard_tally (region_code, dimension, key, count)
  SELECT c.code, k.dimension, k.key, count(*)::int FROM hazard h
    CROSS JOIN LATERAL hazard_tally_codes(h.region_code) c
    CROSS JOIN LATERAL hazard_tally_keys(h.state, h.grade, h.kind, h.sector, h.origin, h.deadline, h.created_at, h.closed_at) k
    GROUP BY 1, 2, 3;
  -- Every row changed: fresh statistics, or the planner reads the tally by stale ones (PGlite
  -- has no autovacuum).
  ANALYZE hazard_tally;
  SELECT count(*) INTO total FROM hazard_tally;
  RETURN total;
END
$$;
--> statement-breakpoint
SELECT hazard_tally_rebuild();
