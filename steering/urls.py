from django.urls import path

from steering.views import cases, proposals, public, reviews, seats, voting

app_name = "steering"
urlpatterns = [
    path("", public.index, name="index"),
    # The proposer's side.
    path("apply/", proposals.apply, name="apply"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/resubmit/", proposals.proposal_resubmit, name="proposal_resubmit"),
    # The committee's side: seat holders and staff, with a second factor.
    path("dashboard/", cases.dashboard, name="dashboard"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/start-review/", cases.case_review_start, name="case_review_start"),
    path("cases/<int:pk>/conflict/", cases.conflict_declare, name="conflict_declare"),
    path("cases/<int:pk>/discussion/", cases.discussion, name="discussion"),
    path("cases/<int:pk>/audit/", cases.audit_trail, name="audit"),
    path("cases/<int:pk>/reviewers/", reviews.reviewer_assign, name="reviewer_assign"),
    path("cases/<int:pk>/review/", reviews.review, name="review"),
    path("cases/<int:pk>/reviews/", reviews.reviews, name="reviews"),
    path("cases/<int:pk>/vote/open/", voting.ballot_open, name="ballot_open"),
    path("cases/<int:pk>/vote/extend/", voting.ballot_extend, name="ballot_extend"),
    path("cases/<int:pk>/vote/", voting.vote, name="vote"),
    path("cases/<int:pk>/decision/", voting.decision, name="decision"),
    # Staff.
    path("seats/", seats.seat_list, name="seats"),
    path("seats/new/", seats.seat_create, name="seat_create"),
    path("seats/<int:pk>/", seats.seat_edit, name="seat_edit"),
]
