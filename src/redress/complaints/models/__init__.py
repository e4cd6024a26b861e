from redress.complaints.models.complaint import Complaint, ComplaintQuerySet, ReferenceCounter
from redress.complaints.models.evidence import Evidence
from redress.complaints.models.resolution import Approval, ApprovalTier, RedressItem, ResolutionPlan
from redress.complaints.models.routing import RoutingRule
from redress.complaints.models.saved_view import SavedView
from redress.complaints.models.search import ComplaintSearch

__all__ = [
    "Approval",
    "ApprovalTier",
    "Complaint",
    "ComplaintQuerySet",
    "ComplaintSearch",
    "Evidence",
    "RedressItem",
    "ReferenceCounter",
    "ResolutionPlan",
    "RoutingRule",
    "SavedView",
]
