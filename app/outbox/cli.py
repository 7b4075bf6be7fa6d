"""`flask outbox status|retry|sweep`: what operators see of the outbox."""

from __future__ import annotations

import uuid

import click
from sqlalchemy import func, select, update

from app.db import session, utcnow


@click.group("outbox", help="Transactional outbox: delivery state, retries of dead messages.")
def outbox_cli() -> None:
    pass


@outbox_cli.command("status", help="Messages per topic and status; the dead ones with their last error.")
@click.option("--limit", default=20, show_default=True, help="Dead messages to list.")
def status(limit: int) -> None:
    from app.outbox.models import DEAD, PENDING, OutboxMessage

    db = session()
    rows = db.execute(select(OutboxMessage.topic, OutboxMessage.status, func.count())
                      .group_by(OutboxMessage.topic, OutboxMessage.status)
                      .order_by(OutboxMessage.topic, OutboxMessage.status)).all()
    if not rows:
        click.echo("outbox is empty")
    for topic, state, count in rows:
        click.echo(f"{topic}\t{state}\t{count}")
    oldest = db.scalar(select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == PENDING))
    if oldest is not None:
        # A message pending for long is failing (see its attempts) or keeps stopping its worker.
        click.echo(f"oldest pending: {oldest.isoformat(timespec='seconds')} "
                   f"({int((utcnow() - oldest).total_seconds())} s ago)")
    dead = db.scalars(select(OutboxMessage).where(OutboxMessage.status == DEAD)
                      .order_by(OutboxMessage.created_at.desc()).limit(limit)).all()
    for message in dead:
        first_line = (message.last_error or "").partition("\n")[0]
        click.echo(f"dead {message.id} {message.topic} attempts={message.attempts} {first_line}")


@outbox_cli.command("retry", help="Make dead messages (all, or the given ids) pending again, now.")
@click.argument("ids", nargs=-1)
def retry(ids: tuple[str, ...]) -> None:
    from app.outbox.delivery import PENDING_IDS
    from app.outbox.models import DEAD, PENDING, OutboxMessage

    db = session()
    query = select(OutboxMessage.id).where(OutboxMessage.status == DEAD)
    if ids:
        try:
            query = query.where(OutboxMessage.id.in_([uuid.UUID(value) for value in ids]))
        except ValueError:
            raise click.BadParameter("message ids are UUIDs") from None
    found = list(db.scalars(query))
    if found:
        db.execute(update(OutboxMessage).where(OutboxMessage.id.in_(found))
                   .values(status=PENDING, attempts=0, next_attempt_at=utcnow()))
        db.info.setdefault(PENDING_IDS, []).extend(found)
    db.commit()
    click.echo(f"{len(found)} message(s) queued again")


@outbox_cli.command("sweep", help="Queue every pending message that is due (what the periodic task does).")
def sweep() -> None:
    from app.outbox.delivery import sweep as run_sweep

    click.echo(f"{run_sweep()} message(s) queued")
