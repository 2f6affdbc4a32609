"""The one boundary with the RDF engines: terms, formats, writers and stores.
Only this package imports pyoxigraph."""
