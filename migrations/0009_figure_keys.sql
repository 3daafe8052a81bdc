-- De-duplication keys now keep what changes a figure ("-5", "10%", "$5", "5.5"), so
-- "Crime is up -5 percent" and "Crime is up 5 percent" are two claims. The keys are hashes
-- computed in Rust; the migration runner recomputes them after this step (`rekey`). The new
-- normalisation only ever tells more texts apart, so no two claims can collide.
SELECT 1;
