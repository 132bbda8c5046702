"""Ideas: submission, the pipeline, votes, comments, challenges and the showcase."""
