import pytest
from django.core import mail
from django.urls import reverse

from tests.world import PASSWORD


@pytest.mark.django_db
def test_sign_in_lands_on_the_home_page(client, world):
    response = client.post(reverse("login"), {"username": "coach_a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Goeiedag" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_dutch_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "coach_a", "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in body
    assert 'value="coach_a"' in body


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_a_while(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "coach_a", "password": "fout"})
    response = client.post(reverse("login"), {"username": "coach_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldpogingen" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_sends_a_link_by_mail(client, world):
    response = client.post(reverse("password_reset"), {"email": "coach_a@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, world):
    client.force_login(world.coach_a)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
