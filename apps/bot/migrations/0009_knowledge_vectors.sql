-- Chunk vectors searchable in the database (pgvector, HNSW) where the extension exists: PGlite loads it, the
-- system PostgreSQL here has none. Without it (or without the privilege to create it) this does nothing, and dense
-- search stays exact in process over the bytea embeddings, which every chunk keeps either way.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    RAISE NOTICE 'pgvector is not installed: knowledge search stays exact in process';
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS vector;
  EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pgvector cannot be created (%): knowledge search stays exact in process', SQLERRM;
    RETURN;
  END;
  -- Without dimensions, so another encoder's vectors fit too; chunks written before this migration have none
  -- (search stays exact for their bot until they are re-indexed).
  ALTER TABLE knowledge_chunks ADD COLUMN embedding_vector vector NULL;
  -- HNSW needs a fixed dimension: one partial index per encoder width, here USE-lite's 512 (what knowledge uses).
  CREATE INDEX knowledge_chunks_embedding_512_hnsw_idx ON knowledge_chunks
    USING hnsw ((embedding_vector::vector(512)) vector_cosine_ops) WHERE vector_dims(embedding_vector) = 512;
END
$$;
