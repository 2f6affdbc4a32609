"""What every stage stands on: errors, IRIs and prefixes, paths, files, durable output,
workers and progress. It imports nothing else of the package."""
