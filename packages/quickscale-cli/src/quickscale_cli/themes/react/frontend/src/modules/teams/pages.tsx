import { useState, type FormEvent, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate, useParams } from "react-router";
import { Alert, CardPage, Field, Loading, PageHeader, usePageTitle } from "../../components/ui";
import { setCurrentTeam, useCurrentTeam } from "../../lib/currentTeam";
import { useAuth } from "../../auth/AuthProvider";
import {
  ROLES,
  canManage,
  roleLabel,
  useAcceptInvitation,
  useChangeRole,
  useCreateTeam,
  useDeleteTeam,
  useInvitations,
  useInvite,
  useLeaveTeam,
  useMembers,
  useMyMembership,
  useRemoveMember,
  useRenameTeam,
  useResendInvitation,
  useRevokeInvitation,
  useTeam,
  useTeams,
  type Role,
} from "./api";

function Pager({ page, hasNext, onPage, label }: { page: number; hasNext: boolean; onPage: (page: number) => void; label: string }) {
  if (page === 1 && !hasNext) {
    return null;
  }
  return (
    <nav className="cluster" aria-label={label}>
      <button type="button" className="button button-secondary button-small" disabled={page === 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span className="muted">Page {page}</span>
      <button type="button" className="button button-secondary button-small" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** /teams: my teams, the current one marked; "Switch" makes a team the current one (billing follows it). */
export function TeamList() {
  const [page, setPage] = useState(1);
  const teams = useTeams(page);
  const current = useCurrentTeam();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const results = teams.data?.results ?? [];
  const active = current ?? results[0]?.slug ?? null;
  return (
    <>
      <PageHeader title="Your teams">
        {results.length ? <Link className="button" to="/teams/new">Create team</Link> : null}
      </PageHeader>
      {notice ? <Alert tone="success" messages={[notice]} /> : null}
      {teams.error ? <Alert messages={[teams.error.message]} /> : null}
      {teams.isPending ? <Loading /> : results.length ? (
        <>
          <div className="table-wrap" role="region" aria-label="Your teams" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Your role</th>
                  <th scope="col" className="numeric">Members</th>
                  <th scope="col"><span className="visually-hidden">Current team</span></th>
                </tr>
              </thead>
              <tbody>
                {results.map((team) => (
                  <tr key={team.slug}>
                    <td><Link to={`/teams/${team.slug}`}>{team.name}</Link></td>
                    <td><span className="badge">{roleLabel(team.role)}</span></td>
                    <td className="numeric">{team.member_count}</td>
                    <td>
                      {team.slug === active ? (
                        <span className="badge badge-brand">Current</span>
                      ) : (
                        <button type="button" className="button button-secondary button-small" aria-label={`Switch to ${team.name}`}
                          onClick={() => setCurrentTeam(team.slug)}>
                          Switch
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} hasNext={Boolean(teams.data?.next)} onPage={setPage} label="Pages of teams" />
        </>
      ) : teams.data ? (
        <section className="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title" className="empty-state-title">You are not in a team yet</h2>
          <p>Create a team to invite people and work together, or ask a team's owner to invite you.</p>
          <p><Link className="button" to="/teams/new">Create team</Link></p>
        </section>
      ) : null}
    </>
  );
}

/** /teams/new */
export function TeamCreate() {
  const [name, setName] = useState("");
  const create = useCreateTeam();
  const navigate = useNavigate();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name, {
      onSuccess: (team) => {
        setCurrentTeam(team.slug);
        navigate(`/teams/${team.slug}`);
      },
    });
  }

  return (
    <CardPage title="Create a team">
      <form className="form" onSubmit={submit} noValidate>
        {create.error ? <Alert messages={create.error.formMessages} /> : null}
        <Field label="Team name" name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)}
          errors={create.error?.fieldMessages("name")} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={create.isPending}>Create team</button>
          <Link to="/teams">Cancel</Link>
        </div>
      </form>
    </CardPage>
  );
}

/** The header and section navigation of a team's pages. */
function TeamFrame({ slug, children, section }: { slug: string; children: ReactNode; section: string }) {
  const team = useTeam(slug);
  const membership = useMyMembership(slug);
  const name = team.data?.name ?? membership?.name ?? slug;
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  usePageTitle(`${name}: ${section}`);
  if (team.error) {
    return (
      <>
        <PageHeader title="Team" />
        <Alert messages={[team.error.message]} />
        <p><Link to="/teams">Back to your teams</Link></p>
      </>
    );
  }
  return (
    <>
      <header className="page-header">
        <div>
          <span className="eyebrow">Team</span>
          <h1>{name}</h1>
        </div>
        {membership ? <p><span className="badge badge-brand">Your role: {roleLabel(membership.role)}</span></p> : null}
      </header>
      <nav className="section-nav" aria-label="Team">
        <ul>
          <li><NavLink to={`/teams/${slug}`} end>Settings</NavLink></li>
          <li><NavLink to={`/teams/${slug}/members`}>Members</NavLink></li>
          {canManage(membership?.role) ? <li><NavLink to={`/teams/${slug}/invitations`}>Invitations</NavLink></li> : null}
        </ul>
      </nav>
      {notice ? <Alert tone="success" messages={[notice]} /> : null}
      {children}
    </>
  );
}

function RenameForm({ slug, name }: { slug: string; name: string }) {
  const [value, setValue] = useState(name);
  const rename = useRenameTeam(slug);
  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate(value);
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      {rename.error ? <Alert messages={rename.error.formMessages} /> : null}
      {rename.isSuccess ? <Alert tone="success" messages={["The team's settings are saved."]} /> : null}
      <Field label="Team name" name="name" required value={value} onChange={(e) => setValue(e.target.value)}
        errors={rename.error?.fieldMessages("name")} />
      <div className="form-actions"><button type="submit" className="button" disabled={rename.isPending}>Save</button></div>
    </form>
  );
}

/** A destructive action asked twice: the button, then a confirmation with its own button. */
function Confirm({ label, question, onConfirm, busy }: { label: string; question: string; onConfirm: () => void; busy: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" className="button button-danger" onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p><strong>{question}</strong></p>
      <div className="confirm-actions button-group">
        <button type="button" className="button button-danger" disabled={busy} onClick={onConfirm}>{label}</button>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>Cancel</button>
      </div>
    </div>
  );
}

/** /teams/:slug: settings, leave, delete. */
export function TeamDetail() {
  const { slug = "" } = useParams();
  const team = useTeam(slug);
  const membership = useMyMembership(slug);
  const leave = useLeaveTeam(slug);
  const remove = useDeleteTeam(slug);
  const navigate = useNavigate();
  const current = useCurrentTeam();
  const gone = (notice: string) => () => {
    if (current === slug) {
      setCurrentTeam(null);
    }
    navigate("/teams", { state: { notice } });
  };
  return (
    <TeamFrame slug={slug} section="settings">
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="card-title">Team settings</h2>
        {team.data && canManage(membership?.role) ? <RenameForm slug={slug} name={team.data.name} /> : (
          <>
            <dl className="details-list"><dt>Team name</dt><dd>{team.data?.name}</dd></dl>
            <p className="muted small">Only an owner or admin can change the team's settings.</p>
          </>
        )}
        {current !== slug && membership ? (
          <p><button type="button" className="button button-secondary" onClick={() => setCurrentTeam(slug)}>Switch to this team</button></p>
        ) : null}
      </section>
      <section className="card card-danger" aria-labelledby="leave-heading">
        <h2 id="leave-heading" className="card-title">Danger zone</h2>
        {leave.error ? <Alert messages={[leave.error.message]} /> : null}
        {remove.error ? <Alert messages={[remove.error.message]} /> : null}
        <div className="card-row">
          <p><strong>Leave team</strong><br /><span className="muted">You lose access to the team and its data.</span></p>
          <Confirm label="Leave team" question={`Leave ${team.data?.name ?? "this team"}?`} busy={leave.isPending}
            onConfirm={() => leave.mutate(undefined, { onSuccess: gone("You left the team.") })} />
        </div>
        {membership?.role === "owner" && !team.data?.personal ? (
          <div className="card-row">
            <p><strong>Delete team</strong><br /><span className="muted">For everyone, with its invitations and data.</span></p>
            <Confirm label="Delete team" question={`Delete ${team.data?.name ?? "this team"}?`} busy={remove.isPending}
              onConfirm={() => remove.mutate(undefined, { onSuccess: gone("The team was deleted.") })} />
          </div>
        ) : null}
      </section>
    </TeamFrame>
  );
}

function RoleForm({ slug, id, role, who }: { slug: string; id: number; role: Role; who: string }) {
  const [value, setValue] = useState<Role>(role);
  const change = useChangeRole(slug);
  const selectId = `role-${id}`;
  return (
    <form className="field-inline" onSubmit={(event) => { event.preventDefault(); change.mutate({ id, role: value }); }}>
      <label className="visually-hidden" htmlFor={selectId}>Role of {who}</label>
      <select id={selectId} name="role" value={value} onChange={(e) => setValue(e.target.value as Role)}>
        {ROLES.map((item) => <option key={item.value} value={item.value}>{item.label}</option>)}
      </select>
      <button type="submit" className="button button-secondary button-small" disabled={change.isPending}>Change role</button>
      {change.error ? <span role="alert" className="field-errors">{change.error.message}</span> : null}
    </form>
  );
}

/** /teams/:slug/members: members and roles. */
export function TeamMembers() {
  const { slug = "" } = useParams();
  const [page, setPage] = useState(1);
  const members = useMembers(slug, page);
  const membership = useMyMembership(slug);
  const remove = useRemoveMember(slug);
  const auth = useAuth();
  const me = auth.kind === "authenticated" ? auth.user.id : null;
  const manager = canManage(membership?.role);
  const rows = members.data?.results ?? [];
  return (
    <TeamFrame slug={slug} section="members">
      <div className="page-header">
        <h2 id="members-heading">Members {members.data ? <span className="badge">{members.data.count}</span> : null}</h2>
        {manager ? <Link className="button" to={`/teams/${slug}/invitations`}>Invite someone</Link> : null}
      </div>
      {members.error ? <Alert messages={[members.error.message]} /> : null}
      {remove.error ? <Alert messages={[remove.error.message]} /> : null}
      {members.isPending ? <Loading /> : (
        <div className="table-wrap" role="region" aria-labelledby="members-heading" tabIndex={0}>
          <table className="table table-stack">
            <thead>
              <tr><th scope="col">Member</th><th scope="col">Role</th>{manager ? <th scope="col" className="table-actions-cell">Actions</th> : null}</tr>
            </thead>
            <tbody>
              {rows.map((member) => {
                const self = String(member.user) === String(me);
                return (
                  <tr key={member.id}>
                    <td>{member.email}{self ? <> <span className="badge badge-info">You</span></> : null}</td>
                    <td data-label="Role"><span className={`badge${member.role === "owner" ? " badge-brand" : ""}`}>{roleLabel(member.role)}</span></td>
                    {manager ? (
                      <td className="table-actions-cell">
                        {!self ? (
                          <div className="table-actions">
                            <RoleForm slug={slug} id={member.id} role={member.role} who={member.email} />
                            <button type="button" className="button button-danger button-small" aria-label={`Remove ${member.email}`}
                              disabled={remove.isPending}
                              onClick={() => { if (window.confirm(`Remove ${member.email} from the team?`)) remove.mutate(member.id); }}>
                              Remove
                            </button>
                          </div>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} hasNext={Boolean(members.data?.next)} onPage={setPage} label="Pages of members" />
    </TeamFrame>
  );
}

/** /teams/:slug/invitations: send, resend, revoke. */
export function TeamInvitations() {
  const { slug = "" } = useParams();
  const [page, setPage] = useState(1);
  const invitations = useInvitations(slug, page);
  const invite = useInvite(slug);
  const resend = useResendInvitation(slug);
  const revoke = useRevokeInvitation(slug);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [notice, setNotice] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    invite.mutate({ email, role }, {
      onSuccess: (sent) => {
        setNotice(`Invitation sent to ${sent.email}.`);
        setEmail("");
      },
    });
  }

  const pending = (invitations.data?.results ?? []).filter((item) => item.status === "pending");
  const actionError = resend.error ?? revoke.error;
  return (
    <TeamFrame slug={slug} section="invitations">
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading" className="card-title">Invite someone</h2>
        <p className="muted">They get an email with a link to join the team; the link works for a few days.</p>
        <form className="form" onSubmit={submit} noValidate>
          {invite.error ? <Alert messages={invite.error.formMessages} /> : null}
          {notice ? <Alert tone="success" messages={[notice]} /> : null}
          <Field label="Email" type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)}
            errors={invite.error?.fieldMessages("email")} />
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select id="invite-role" name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((item) => <option key={item.value} value={item.value}>{item.label}</option>)}
            </select>
            {invite.error?.fieldMessages("role").length ? (
              <ul className="field-errors">{invite.error.fieldMessages("role").map((m) => <li key={m}>{m}</li>)}</ul>
            ) : null}
          </div>
          <div className="form-actions"><button type="submit" className="button" disabled={invite.isPending}>Send invitation</button></div>
        </form>
      </section>
      <section>
        <h2 id="pending-heading">Pending invitations</h2>
        {actionError ? <Alert messages={[actionError.message]} /> : null}
        {resend.isSuccess ? <Alert tone="success" messages={["Invitation sent again."]} /> : null}
        {invitations.error ? <Alert messages={[invitations.error.message]} /> : null}
        {invitations.isPending ? <Loading /> : pending.length ? (
          <div className="table-wrap" role="region" aria-labelledby="pending-heading" tabIndex={0}>
            <table className="table table-stack">
              <thead>
                <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col" className="table-actions-cell">Actions</th></tr>
              </thead>
              <tbody>
                {pending.map((item) => (
                  <tr key={item.id}>
                    <td>{item.email}</td>
                    <td data-label="Role"><span className="badge">{roleLabel(item.role ?? "member")}</span></td>
                    <td data-label="Expires">{new Date(item.expires).toLocaleDateString()}</td>
                    <td className="table-actions-cell">
                      <div className="table-actions">
                        <button type="button" className="button button-secondary button-small" aria-label={`Resend invitation to ${item.email}`}
                          disabled={resend.isPending} onClick={() => resend.mutate(item.id)}>Resend</button>
                        <button type="button" className="button button-danger button-small" aria-label={`Revoke invitation to ${item.email}`}
                          disabled={revoke.isPending} onClick={() => revoke.mutate(item.id)}>Revoke</button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="empty-state"><p>No pending invitations. Invitations you send appear here until they are accepted.</p></div>
        )}
        <Pager page={page} hasNext={Boolean(invitations.data?.next)} onPage={setPage} label="Pages of invitations" />
      </section>
    </TeamFrame>
  );
}

/** /teams/invitations/:token: the link of the invitation email. */
export function AcceptInvitation() {
  const { token = "" } = useParams();
  const auth = useAuth();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const here = encodeURIComponent(`/teams/invitations/${token}`);
  if (accept.error) {
    return (
      <CardPage title="This invitation cannot be used" eyebrow="Team invitation">
        <Alert messages={[accept.error.message]} />
        <p><Link to="/">Go to the home page</Link></p>
      </CardPage>
    );
  }
  return (
    <CardPage title="Join the team" eyebrow="Team invitation">
      <p>You are invited to join a team.</p>
      {auth.kind === "authenticated" ? (
        <div className="form-actions">
          <button type="button" className="button" disabled={accept.isPending}
            onClick={() =>
              accept.mutate(token, {
                onSuccess: (slug) => navigate(slug ? `/teams/${slug}` : "/teams", { state: { notice: "You joined the team." } }),
              })
            }>
            Accept invitation
          </button>
        </div>
      ) : auth.kind === "loading" ? <Loading /> : (
        <>
          <p className="muted">Sign in or sign up with the invited email address to accept.</p>
          <p className="button-group">
            <Link className="button" to={`/account/login?next=${here}`}>Sign in to accept</Link>
            <Link className="button button-secondary" to={`/account/signup?next=${here}`}>Sign up to accept</Link>
          </p>
        </>
      )}
    </CardPage>
  );
}
