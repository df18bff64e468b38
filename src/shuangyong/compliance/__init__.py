"""Compliance checks of a jurisdiction's 双拥 work: evidence, checklists, findings, scores."""
