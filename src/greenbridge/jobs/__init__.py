"""Ingest jobs: queued files, run one transaction per file, with a final account and retry."""

from greenbridge.jobs.service import (
    JobAccount,
    cancel_job,
    create_job,
    get_account,
    list_accounts,
    queued_job_ids,
    retry_failed,
    run_job,
)

__all__ = [
    "JobAccount",
    "cancel_job",
    "create_job",
    "get_account",
    "list_accounts",
    "queued_job_ids",
    "retry_failed",
    "run_job",
]
