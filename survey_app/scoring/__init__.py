"""Scores: survey points, appraisal points, index, rank and class, every number traceable to its inputs."""
