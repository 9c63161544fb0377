"""Imports every model so that Alembic and `create_all` see the whole schema."""

from app.api.models import ApiClient, ApiToken, IdempotencyKey  # noqa: F401
from app.assessments.models import (  # noqa: F401
    Assessment,
    AssessmentAdaptation,
    AssessmentAttachment,
    AssessmentSettings,
    AssessmentUnit,
    CreditRecommendation,
    CriterionResult,
    ExamItem,
    ExternalReport,
    UnitDecision,
)
from app.audit import AuditEvent  # noqa: F401
from app.auth.factor_models import RecoveryCode, SecondFactorPolicy, TotpFactor  # noqa: F401
from app.auth.models import (  # noqa: F401
    LoginAttempt,
    PasswordReset,
    User,
    UserRole,
    UserSession,
)
from app.auth.provider_models import (  # noqa: F401
    ExternalIdentity,
    IdentityProvider,
    SignInSettings,
)
from app.auth.saml_models import SeenAssertion  # noqa: F401
from app.calendar.models import CalendarFeed  # noqa: F401
from app.cases.models import (  # noqa: F401
    Adaptation,
    Assignment,
    Case,
    ConsentEvent,
    FollowUp,
    JournalEntry,
    Participant,
    PlanActivity,
    PlanGoal,
    ProbableDuplicate,
    Referral,
    Transfer,
    Transition,
)
from app.certificates.models import (  # noqa: F401
    Certificate,
    CertificateDocument,
    CertificateSequence,
    CertificateUnit,
    IssuerKey,
)
from app.employers.models import (  # noqa: F401
    CandidateProfile,
    CompetenceNeed,
    EmployerContact,
    Introduction,
    NeedUnit,
    OpenNeedUnit,
    ParticipantUnit,
    Placement,
    PlacementFollowUp,
)
from app.frameworks.models import (  # noqa: F401
    AssessmentCriterion,
    Framework,
    LearningOutcome,
    Unit,
)
from app.imports.models import Import  # noqa: F401
from app.mail.models import OutgoingMail  # noqa: F401
from app.mapping.models import (  # noqa: F401
    Evidence,
    Mapping,
    OutcomeEntry,
    OutcomeSource,
    OwnAssessment,
)
from app.notifications.models import (  # noqa: F401
    DigestHour,
    Notification,
    NotificationEvent,
    NotificationSetting,
)
from app.organisations.models import (  # noqa: F401
    AccessibilityFeedback,
    Employer,
    Municipality,
    Region,
)
from app.portal.models import AccessLogPolicy, PortalSettings, SignInCode  # noqa: F401
from app.privacy.models import LogReview, RetentionRule  # noqa: F401
from app.reports.models import (  # noqa: F401
    FundingParticipation,
    FundingProject,
    ReportExport,
)
from app.reports.summaries.models import (  # noqa: F401
    ReportCase,
    ReportDecision,
    ReportReferral,
    ReportStay,
)
from app.staff.models import StaffReferral  # noqa: F401
from app.summaries import SummaryGeneration  # noqa: F401
from app.webhooks.models import Webhook, WebhookDelivery  # noqa: F401
