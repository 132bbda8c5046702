"""What every domain uses: jobs, the outbox, the audit log, security and templating helpers."""
