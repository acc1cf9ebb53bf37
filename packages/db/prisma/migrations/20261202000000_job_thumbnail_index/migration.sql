-- The thumbnail route asks "is this blob some job's thumbnail?" for every job image a dashboard
-- shows: without an index that is a sequential scan of the whole job history (171 ms at 200,000
-- jobs, 0.1 ms with it; EXPLAIN ANALYZE in docs/benchmarks.md).
CREATE INDEX "Job_thumbnailSha256_idx" ON "Job"("thumbnailSha256");
