"""Forms of the payroll support desk: input is validated here, the rules live in services and rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vikarieportalen.accounts.models import User
from vikarieportalen.support.attachments import AttachmentRefused, CheckedFile, attachment_check
from vikarieportalen.support.choices import CaseStatus, Topic

TEXT_MAX = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each is checked by content in the form's clean()."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [file for file in files if file]


def _text_field(label: Any, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a message.")},
    )


class _WithAttachments(forms.Form):
    """Adds the attachments field and its checks; ``too_large`` names files the upload handler dropped."""

    attachments = AttachmentsField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args: Any, too_large: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "PDF, JPEG or PNG, at most %(count)s files of %(mb)s MB each."
        ) % {
            "count": settings.SUPPORT_MAX_ATTACHMENTS,
            "mb": settings.SUPPORT_MAX_ATTACHMENT_MB,
        }
        self.too_large = too_large or []
        self.checked_files: list[CheckedFile] = []

    def clean_attachments(self) -> list[UploadedFile[bytes]]:
        files: list[UploadedFile[bytes]] = self.cleaned_data.get("attachments") or []
        errors: list[str] = [
            str(
                _("“%(name)s” is larger than %(mb)s MB.")
                % {"name": name, "mb": settings.SUPPORT_MAX_ATTACHMENT_MB}
            )
            for name in self.too_large
        ]
        limit = settings.SUPPORT_MAX_ATTACHMENTS
        if len(files) + len(self.too_large) > limit:
            raise forms.ValidationError(
                ngettext(
                    "You can attach at most %(count)d file.", "You can attach at most %(count)d files.", limit
                )
                % {"count": limit}
            )
        checked = []
        for upload in files:
            try:
                checked.append(attachment_check(upload))
            except AttachmentRefused as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        self.checked_files = checked
        return files


class CaseOpenForm(_WithAttachments):
    topic = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=[("", _("Choose a topic")), *Topic.choices],
        error_messages={
            "required": _("Choose what your question is about."),
            "invalid_choice": _("Choose one of the topics in the list."),
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        strip=True,
        help_text=_("A few words, e.g. “Missing hours in May”."),
        error_messages={"required": _("Write a short subject.")},
    )
    text = _text_field(
        _("Your question"),
        help_text=_("Do not write your personal identity number; we know who you are."),
    )

    field_order = ["topic", "subject", "text", "attachments"]


class AnswerForm(_WithAttachments):
    """The substitute writes again in their case."""

    text = _text_field(_("Your message"))

    field_order = ["text", "attachments"]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How good was the answer?"),
        coerce=int,
        choices=[
            (1, _("1 – poor")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very good")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# ---------------------------------------------------------------------------------------------
# Payroll


class StaffReplyForm(forms.Form):
    text = _text_field(
        _("Reply to the substitute"),
        help_text=_("The substitute gets an SMS or e-mail saying there is an answer, without its text."),
    )
    status = forms.ChoiceField(
        label=_("Then set the case to"),
        choices=[
            (CaseStatus.WAITING, CaseStatus.WAITING.label),
            (CaseStatus.SOLVED, CaseStatus.SOLVED.label),
            (CaseStatus.IN_PROGRESS, CaseStatus.IN_PROGRESS.label),
        ],
        initial=CaseStatus.WAITING,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    text = _text_field(
        _("Internal note"),
        help_text=_("Only payroll sees notes. The substitute never does."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Handled by"), required=False)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.staff = {str(person.pk): person for person in staff}
        field = cast(forms.ChoiceField, self.fields["assignee"])
        field.choices = [("", _("Nobody")), *((str(p.pk), p.get_full_name()) for p in staff)]

    def assignee_user(self) -> User | None:
        return self.staff.get(self.cleaned_data.get("assignee") or "")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All open")), *CaseStatus.choices]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    assignee = forms.ChoiceField(label=_("Handled by"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("due", _("Due time")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *((str(p.pk), p.get_full_name()) for p in staff),
        ]


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return cleaned
