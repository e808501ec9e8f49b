"""Every download of a stored letter or report is logged (persondata/registry.py). The PDFs
themselves are the authority's records and are never changed (see dokumenter/models.py)."""

from persondata.registry import log_views

log_views("dokumenter.Dokument", "dokumenter:download")
