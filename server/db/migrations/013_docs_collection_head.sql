-- The newest revision of a collection, whatever the scope: `SELECT max(rev) FROM docs WHERE collection = $1` as
-- one step down this index instead of a walk through every scope in docs_pull. The pull page cache
-- (server/sync/pageCache.ts) asks it before every pull: a cached page is served only while its collection's newest
-- revision is the one the page was built at, which holds exactly while nothing in the collection was written
-- (every write takes a new, higher revision; rows of docs are never deleted, only marked deleted).
CREATE INDEX docs_collection_head ON docs (collection, rev)
;
