-- Demo rows of well_production.json, loaded at start-up into the table while it is empty (--demo-rows N, the ?).
-- Synthetic but plausible: 120 monthly periods per well, 50 wells per field, a few nulls, so that a new user's first
-- bulk read returns data at once. The columns are the schema's, in its order: where a schema of this name declares
-- others, no demo rows are loaded.
SELECT w // 50 + 1 AS field_code,
       'Field ' || (w // 50 + 1) AS field_name,
       w + 1 AS well_code,
       'WR-' || lpad(CAST(w + 1 AS VARCHAR), 7, '0') AS well_reference,
       'Well ' || (w + 1) AS well_name,
       TIMESTAMP '2015-01-01' + to_months(CAST(m AS INTEGER)) AS production_period,
       CAST(28 + (i % 4) AS BIGINT) AS days_on_production,
       round((hash(i) % 100000) / 1000.0, 3) AS oil_production_kbd,
       round((hash(i + 7) % 500000) / 1000.0, 3) AS gas_production_mmcfd,
       round((hash(i + 13) % 20000) / 1000.0, 3) AS liquids_production_kbd,
       CASE WHEN i % 17 = 0 THEN NULL ELSE round((hash(i + 29) % 80000) / 1000.0, 3) END
           AS water_production_kbd,
       CASE i % 3 WHEN 0 THEN 'regulator' WHEN 1 THEN 'operator' ELSE 'estimate' END AS data_source,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 'batch-' || (i // 100000) END AS source_data,
       CAST(2015 + m // 12 AS VARCHAR) AS partition_0
FROM (SELECT range AS i, range // 120 AS w, range % 120 AS m FROM range(?))
