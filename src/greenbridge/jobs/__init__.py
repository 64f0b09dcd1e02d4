"""Ingest jobs: queued files, run one transaction per file, with a final account and retry."""

from greenbridge.jobs.service import (
    ClaimedFile,
    JobAccount,
    cancel_job,
    claim_file,
    create_job,
    get_account,
    list_accounts,
    queued_job_ids,
    recover_interrupted,
    retry_failed,
    run_file,
    run_job,
)

__all__ = [
    "ClaimedFile",
    "JobAccount",
    "cancel_job",
    "claim_file",
    "create_job",
    "get_account",
    "list_accounts",
    "queued_job_ids",
    "recover_interrupted",
    "retry_failed",
    "run_file",
    "run_job",
]
