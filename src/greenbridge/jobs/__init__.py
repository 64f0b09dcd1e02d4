"""Ingest jobs: queued files, run one transaction per file, with a final account and retry."""

from greenbridge.jobs.service import (
    JobAccount,
    cancel_job,
    create_job,
    get_account,
    list_accounts,
    retry_failed,
    queued_job_ids,
    run_job,
)

__all__ = [
    "JobAccount",
    "cancel_job",
    "create_job",
    "get_account",
    "list_accounts",
    "retry_failed",
    "queued_job_ids",
    "run_job",
]
