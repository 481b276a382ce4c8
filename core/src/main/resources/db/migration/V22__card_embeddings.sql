-- Semantic search's embedding cache: a card's vector keyed by the hash of the model's name and the embedded text
-- (semantic.CardText), so a second node, or a rebuild of a node's search index, takes the vector from here instead
-- of running the model again for an unchanged card. 384 little-endian floats per row (discovery.EmbeddingCache).
CREATE TABLE card_embeddings (text_hash VARCHAR(64) PRIMARY KEY, vector ${blob} NOT NULL, created_at BIGINT NOT NULL);
