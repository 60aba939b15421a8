"""The trainings through the test client: reading, the quiz, bad input, the overview and the report."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    assert_queries_do_not_grow,
    client_for,
    client_from,
    client_logged_in,
    english,
)
from vikarieportalen.trainings.models import CourseCompletion, CoursePage
from vikarieportalen.trainings.tests.factories import (
    HAND_HYGIENE,
    JEWELLERY,
    PROTECTION,
    CourseCompletionFactory,
    CoursePageFactory,
    question_ids,
    right_answers,
    substitute_in,
    training_index,
)

pytestmark = pytest.mark.django_db

QUIZ = [HAND_HYGIENE, JEWELLERY, PROTECTION]
HOME = AreaOfWork.HOME_CARE


@pytest.fixture
def substitute() -> Any:
    return substitute_in(HOME)


@pytest.fixture
def client(substitute: Any) -> Client:
    return english(client_logged_in(substitute))


def _complete_url(course: CoursePage) -> str:
    return f"/utbildning/kurser/{course.pk}/slutfor/"


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


class TestReading:
    def test_course_page_shows_sections_the_quiz_and_never_which_answer_is_right(
        self, client: Client
    ) -> None:
        course = CoursePageFactory(title="Basala hygienrutiner", questions=QUIZ)
        html = client.get(course.url).text
        assert ">Basala hygienrutiner</h1>" in html
        assert "Om kursen" in html
        assert 'href="https://video.example.se/pass" rel="noopener noreferrer"' in html
        assert html.count('<fieldset class="quiz-question') == 3
        assert 'type="radio" name="question_' in html and 'type="checkbox" name="question_' in html
        # Right and wrong answers look alike: only the answer ids go to the browser.
        for choice in ["hands-1", "hands-2", "protection-1", "protection-3"]:
            assert f'value="{choice}"' in html
        assert "correct" not in html.lower().replace("incorrect", "")

    def test_a_course_without_an_english_version_marks_its_swedish_text_for_an_english_reader(
        self, client: Client, substitute: Any
    ) -> None:
        course = CoursePageFactory(title="Basala hygienrutiner", questions=QUIZ)
        html = client.get(course.url).text
        assert '<html lang="en"' in html
        assert 'lang="sv">Basala hygienrutiner</h1>' in html
        assert html.count('<div lang="sv">') == 1  # the sections
        assert html.count('lang="sv"') >= 1 + 1 + 3  # title, sections, each question at least
        swedish = client_logged_in(substitute).get(course.url).text
        assert '<html lang="sv"' in swedish and 'lang="sv">Basala' not in swedish

    def test_the_course_page_of_a_substitute_shows_required_and_then_completed(
        self, client: Client, substitute: Any
    ) -> None:
        course = CoursePageFactory(required_for_areas=[HOME])
        assert 'course-status--todo"' in client.get(course.url).text
        CourseCompletionFactory(user=substitute, course=course)
        html = client.get(course.url).text
        assert 'course-status--done"' in html
        assert "<form" not in html.split('id="quiz"')[1].split("</section>")[0]

    def test_staff_read_the_course_but_get_no_form(self) -> None:
        course = CoursePageFactory(questions=QUIZ)
        html = client_for(Role.EDITOR).get(course.url).text
        assert 'action="/utbildning/kurser/' not in html
        assert "quiz-question" not in html

    def test_anonymous_readers_inside_the_network_are_asked_to_log_in_to_complete(self) -> None:
        course = CoursePageFactory()
        html = client_from(INSIDE_ADDRESS).get(course.url).text
        assert f'href="/konto/logga-in/?next={course.url}"' in html

    def test_index_lists_live_courses_with_the_substitutes_status(
        self, client: Client, substitute: Any
    ) -> None:
        done = CoursePageFactory(title="Brandskydd och utrymning", required_for_areas=[HOME])
        CoursePageFactory(title="Läkemedelshantering", required_for_areas=[HOME])
        CoursePageFactory(title="Utkast", live=False)
        CourseCompletionFactory(user=substitute, course=done)
        html = client.get("/introduktionsutbildningar/").text
        assert "Brandskydd och utrymning" in html and "Läkemedelshantering" in html
        assert "Utkast" not in html
        assert html.count('course-status--done"') == 1 and html.count('course-status--todo"') == 1

    def test_index_query_count_does_not_grow_with_courses(self, client: Client, substitute: Any) -> None:
        training_index()

        def grow() -> None:
            for n in range(4):
                course = CoursePageFactory(required_for_areas=[HOME], questions=[HAND_HYGIENE])
                if n % 2:
                    CourseCompletionFactory(user=substitute, course=course)

        CoursePageFactory(required_for_areas=[HOME])
        assert_queries_do_not_grow(client, "/introduktionsutbildningar/", grow)

    def test_course_pages_are_found_by_the_intranet_search(self) -> None:
        CoursePageFactory(title="Brandskydd och utrymning", intro="<p>Så larmar du och utrymmer.</p>")
        CoursePageFactory(title="Annat")
        found = CoursePage.objects.live().search("utrymmer")
        assert [page.title for page in found] == ["Brandskydd och utrymning"]

    def test_the_intranet_search_finds_a_course_by_the_text_of_its_sections(self) -> None:
        section = {"heading": "Utrymning", "body": "<p>Gå till återsamlingsplatsen vid parkeringen.</p>"}
        CoursePageFactory(title="Brandskydd och utrymning", sections=[{"type": "text", "value": section}])
        CoursePageFactory(title="Simskola för vikarier")
        html = client_from(INSIDE_ADDRESS).get("/intranat/sok/", {"q": "återsamlingsplatsen"}).text
        assert "Brandskydd och utrymning" in html and "Simskola" not in html


class TestCompleting:
    def test_a_course_without_quiz_is_marked_complete(self, client: Client, substitute: Any) -> None:
        course = CoursePageFactory()
        response = client.post(_complete_url(course), follow=True)
        assert response.redirect_chain == [(course.url, 302)]
        assert _messages(response) == ["Well done! The course is marked as completed."]
        assert CourseCompletion.objects.filter(user=substitute, course=course).count() == 1
        assert 'course-status--done"' in response.text

    def test_failed_quiz_shows_the_wrong_questions_keeps_the_answers_and_stores_nothing(
        self, client: Client, substitute: Any
    ) -> None:
        course = CoursePageFactory(questions=QUIZ)
        answers = right_answers(course, QUIZ)
        jewellery_field = f"question_{question_ids(course)[1]}"
        answers[jewellery_field] = JEWELLERY.wrong_id()
        response = client.post(_complete_url(course), answers)
        assert response.status_code == 200
        html = response.text
        assert "You answered 2 of 3 questions right; 3 are needed to pass." in html
        wrong = re.findall(r'class="quiz-question quiz-question--wrong"\s+id="question-(\d+)"', html)
        assert wrong == [str(question_ids(course)[1])]
        assert re.search(rf'value="{JEWELLERY.wrong_id()}"[^>]*checked', html)  # their answer stays chosen
        assert not CourseCompletion.objects.exists()

        retry = client.post(_complete_url(course), right_answers(course, QUIZ), follow=True)
        assert retry.redirect_chain == [(course.url, 302)]
        completion = CourseCompletion.objects.get(user=substitute, course=course)
        assert (completion.correct_answers, completion.question_count) == (3, 3)
        assert "You answered 3 of 3 questions right." in retry.text

    def test_missing_answers_are_named_and_nothing_is_stored(self, client: Client) -> None:
        course = CoursePageFactory(questions=QUIZ)
        answers = right_answers(course, QUIZ)
        del answers[f"question_{question_ids(course)[2]}"]
        html = client.post(_complete_url(course), answers).text
        assert "Answer every question" in html
        assert html.count("Answer this question.") == 2  # in the summary and beside the question
        assert not CourseCompletion.objects.exists()

    def test_an_unknown_answer_id_is_refused(self, client: Client) -> None:
        course = CoursePageFactory(questions=QUIZ)
        answers = right_answers(course, QUIZ)
        answers[f"question_{question_ids(course)[0]}"] = "no-such-answer"
        html = client.post(_complete_url(course), answers).text
        assert "That answer is not one of this question&#x27;s answers. Choose again." in html
        assert not CourseCompletion.objects.exists()

    def test_answers_to_another_courses_quiz_do_not_count(self, client: Client) -> None:
        course = CoursePageFactory(questions=[HAND_HYGIENE])
        other = CoursePageFactory(questions=[HAND_HYGIENE])
        html = client.post(_complete_url(course), right_answers(other, [HAND_HYGIENE])).text
        assert "Answer this question." in html
        assert not CourseCompletion.objects.exists()

    def test_a_second_post_changes_nothing_and_says_so(self, client: Client) -> None:
        course = CoursePageFactory(questions=[HAND_HYGIENE])
        client.post(_complete_url(course), right_answers(course, [HAND_HYGIENE]), follow=True)
        first = CourseCompletion.objects.get()
        response = client.post(_complete_url(course), {}, follow=True)
        assert response.redirect_chain == [(course.url, 302)]
        [message] = _messages(response)
        assert message.startswith("You completed this course on ")
        assert list(CourseCompletion.objects.all()) == [first]
        assert CourseCompletion.objects.get().completed_at == first.completed_at

    def test_an_unpublished_course_cannot_be_completed(self, client: Client) -> None:
        course = CoursePageFactory(live=False)
        assert client.post(_complete_url(course)).status_code == 404
        assert client.post("/utbildning/kurser/999999/slutfor/").status_code == 404
        assert client.post("/utbildning/kurser/99999999999999999999/slutfor/").status_code == 404
        assert not CourseCompletion.objects.exists()

    @pytest.mark.parametrize("role", [Role.STAFFING_CENTRE, Role.EDITOR, Role.ADMINISTRATOR])
    def test_staff_may_not_mark_a_course_complete(self, role: Role) -> None:
        course = CoursePageFactory()
        assert client_for(role).post(_complete_url(course)).status_code == 403
        assert not CourseCompletion.objects.exists()

    def test_anonymous_post_is_sent_to_log_in(self) -> None:
        course = CoursePageFactory()
        response = client_from(INSIDE_ADDRESS).post(_complete_url(course))
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
        assert not CourseCompletion.objects.exists()

    def test_a_post_without_csrf_token_is_refused(self, substitute: Any) -> None:
        course = CoursePageFactory()
        client = Client(enforce_csrf_checks=True)
        client.force_login(substitute)
        assert client.post(_complete_url(course)).status_code == 403
        assert not CourseCompletion.objects.exists()

    def test_get_is_not_allowed(self, client: Client) -> None:
        assert client.get(_complete_url(CoursePageFactory())).status_code == 405


class TestMyTrainings:
    def test_overview_shows_what_is_left_and_what_is_done_with_dates(
        self, client: Client, substitute: Any
    ) -> None:
        done = CoursePageFactory(title="Introduktion för timvikarier", required_for_areas=[HOME])
        CoursePageFactory(title="Basala hygienrutiner", required_for_areas=[HOME], estimated_minutes=30)
        CoursePageFactory(title="Introduktion förskola", required_for_areas=[AreaOfWork.PRESCHOOL])
        CourseCompletionFactory(user=substitute, course=done)
        html = client.get("/utbildning/mina/").text
        left, completed = html.split('id="completed-heading"')[0], html.split('id="completed-heading"')[1]
        assert "Basala hygienrutiner" in left and "about 30 minutes" in left
        assert "Introduktion för timvikarier" in completed.split('id="optional-heading"')[0]
        assert "Introduktion förskola" in html.split('id="optional-heading"')[1]

    def test_all_done(self, client: Client, substitute: Any) -> None:
        CourseCompletionFactory(user=substitute, course=CoursePageFactory(required_for_areas=[HOME]))
        assert (
            "You have completed every course required for your work." in client.get("/utbildning/mina/").text
        )

    def test_query_count_does_not_grow(self, client: Client, substitute: Any) -> None:
        CoursePageFactory(required_for_areas=[HOME])

        def grow() -> None:
            for n in range(4):
                course = CoursePageFactory(required_for_areas=[HOME] if n % 2 else [])
                CourseCompletionFactory(user=substitute, course=course)

        assert_queries_do_not_grow(client, "/utbildning/mina/", grow)


class TestReport:
    @pytest.fixture
    def staff(self) -> Client:
        return english(client_for(Role.STAFFING_CENTRE))

    def test_staffing_centre_sees_completions_and_the_course_summary(self, staff: Client) -> None:
        course = CoursePageFactory(title="Brandskydd", required_for_areas=[HOME], questions=[HAND_HYGIENE])
        anna = substitute_in(HOME, preferred_given_name="Anna", family_name="Berg")
        substitute_in(HOME, preferred_given_name="Bo", family_name="Ek")
        CourseCompletionFactory(user=anna, course=course, correct_answers=1, question_count=1)
        html = staff.get("/utbildning/uppfoljning/").text
        assert "Anna Berg" in html and "1/1 right" in html
        summary = " ".join(html.split('id="summary-heading"')[1].split('id="list-heading"')[0].split())
        assert "1 has completed it · 2 substitutes must take it ·" in summary
        assert f'<a href="?status=missing&amp;course={course.pk}">1 has not completed it</a>' in summary

    def test_filter_for_required_courses_not_completed(self, staff: Client) -> None:
        course = CoursePageFactory(title="Brandskydd", required_for_areas=[HOME])
        anna = substitute_in(HOME, preferred_given_name="Anna", family_name="Berg")
        substitute_in(HOME, preferred_given_name="Bo", family_name="Ek")
        CourseCompletionFactory(user=anna, course=course)
        rows = staff.get("/utbildning/uppfoljning/", {"status": "missing", "course": course.pk}).text
        table = rows.split('id="list-heading"')[1]
        assert "Bo Ek" in table and "Anna Berg" not in table

    def test_a_bad_filter_shows_a_message_and_no_rows(self, staff: Client) -> None:
        CourseCompletionFactory(user=substitute_in(HOME, preferred_given_name="Anna", family_name="Berg"))
        html = staff.get("/utbildning/uppfoljning/", {"course": "abc", "status": "everything"}).text
        assert 'class="error-summary"' in html
        assert "Anna Berg" not in html.split('id="list-heading"')[1]

    def test_csv_export_has_the_filtered_rows_and_no_formulas(self, staff: Client) -> None:
        course = CoursePageFactory(title="=HYPERLINK(1)", required_for_areas=[HOME])
        CourseCompletionFactory(
            user=substitute_in(HOME, preferred_given_name="Anna", family_name="Berg", username="ANBE9001"),
            course=course,
        )
        response = staff.get("/utbildning/uppfoljning/", {"format": "csv", "course": course.pk})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0][:3] == ["Username", "Name", "Course"]
        assert rows[1][:4] == ["ANBE9001", "Anna Berg", "'=HYPERLINK(1)", "Completed"]

    def test_pages_of_fifty_and_query_count_does_not_grow(self, staff: Client) -> None:
        course = CoursePageFactory(required_for_areas=[HOME])
        CourseCompletionFactory(user=substitute_in(HOME), course=course)

        def grow() -> None:
            for _n in range(6):
                person = substitute_in(HOME)
                CourseCompletionFactory(user=person, course=course)
                CourseCompletionFactory(user=person, course=CoursePageFactory(required_for_areas=[HOME]))
            SubstituteFactory()

        assert_queries_do_not_grow(staff, "/utbildning/uppfoljning/", grow)
        assert_queries_do_not_grow(staff, "/utbildning/uppfoljning/?status=missing", grow)
