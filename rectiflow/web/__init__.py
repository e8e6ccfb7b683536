"""`rectiflow web`: one FastAPI application — the REST API under /api/v1 (and the portal's pages) — served by
uvicorn. Every rule stays in the engine: the API authenticates, calls the same operations as the CLI, and
turns refusals into problem details."""
