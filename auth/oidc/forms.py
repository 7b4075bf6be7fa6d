"""The sign-in, second-factor, consent and logout forms (Flask-WTF: each carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class TicketForm(FlaskForm):
    ticket = HiddenField(validators=[DataRequired(), Length(max=8000)])


class LoginForm(TicketForm):
    identifier = StringField(validators=[DataRequired(), Length(max=254)])
    password = PasswordField(validators=[DataRequired(), Length(max=1024)])


class MfaForm(TicketForm):
    code = StringField(validators=[DataRequired(), Length(max=64)])


class ConsentForm(TicketForm):
    approve = SubmitField()
    deny = SubmitField()


class LogoutForm(FlaskForm):
    id_token_hint = HiddenField(validators=[Length(max=8000)])
    post_logout_redirect_uri = HiddenField(validators=[Length(max=2000)])
    state = HiddenField(validators=[Length(max=2000)])
    client_id = HiddenField(validators=[Length(max=64)])
