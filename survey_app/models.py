"""Every model, imported once so that metadata (and Alembic) sees the whole schema."""

from survey_app.accounts.models import ApiToken, PasswordLink, User, UserSession
from survey_app.campaigns.models import Campaign, GroupQuestionnaire, Questionnaire, RespondentGroup
from survey_app.core.audit import AuditEntry
from survey_app.integrity.models import IntegrityFlag, LocalityRisk, VoidDecision
from survey_app.invitations.models import Invitation
from survey_app.mailing.correction_models import AddressCorrection
from survey_app.mailing.models import MailEvent, OutboxMessage
from survey_app.monitoring.models import NoticePreference, Notification
from survey_app.reference.models import DepartmentMinistry, FormerProvince, Locality
from survey_app.respondents.models import ImportBatch, Respondent, RespondentList
from survey_app.responses.models import Response, ResponseEvent
from survey_app.scoring.models import AppraisalPoint, AppraisalUpload, ScoreComputation, UnitScore

__all__ = [
    "AppraisalPoint", "AppraisalUpload", "ScoreComputation", "UnitScore",
    "AddressCorrection",
    "ApiToken", "AuditEntry", "Campaign", "DepartmentMinistry", "FormerProvince", "GroupQuestionnaire",
    "ImportBatch", "IntegrityFlag", "Invitation", "LocalityRisk", "Locality", "MailEvent", "NoticePreference",
    "Notification", "OutboxMessage",
    "PasswordLink", "Questionnaire", "Respondent", "RespondentGroup", "RespondentList", "Response", "ResponseEvent",
    "User", "UserSession", "VoidDecision",
]
