import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Alert, Loading, PageHeader } from "../../components/ui";
import {
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  usePreferences,
  useSavePreferences,
  useUnreadCount,
  type EmailChoice,
  type Preference,
} from "./api";

/** The bell in the shell: a link to the inbox whose name says the unread count, 0 included (so it never
 * has the same name as the navigation's "Notifications" link). */
export function Bell() {
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  return (
    <Link id="notification-bell" className="bell" to="/notifications" aria-label={`Notifications, ${count} unread`}>
      <span className="bell-icon" aria-hidden="true"></span>
      {count ? <span className="bell-count" data-count={count} aria-hidden="true">{count}</span> : null}
    </Link>
  );
}

function isInternal(url: string): boolean {
  return url.startsWith("/") && !url.startsWith("//");
}

function Inbox() {
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(page, unreadOnly);
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const items = list.data?.results ?? [];
  return (
    <section aria-labelledby="inbox-heading">
      <div className="page-header">
        <h2 id="inbox-heading">Inbox</h2>
        <div className="button-group">
          <label className="field-check">
            <input type="checkbox" checked={unreadOnly} onChange={(e) => { setPage(1); setUnreadOnly(e.target.checked); }} /> Unread only
          </label>
          <button type="button" className="button button-secondary" disabled={readAll.isPending} onClick={() => readAll.mutate()}>
            Mark all read
          </button>
        </div>
      </div>
      {readAll.isSuccess ? <Alert tone="success" messages={[`${readAll.data.marked} marked read.`]} /> : null}
      {list.error ? <Alert messages={[list.error.message]} /> : null}
      {read.error ? <Alert messages={[read.error.message]} /> : null}
      {list.isPending ? <Loading /> : items.length ? (
        <ul className="notification-list">
          {items.map((item) => (
            <li key={item.id} className={`notification${item.read ? "" : " notification-unread"}`}>
              <h3>
                {item.url && isInternal(item.url) ? <Link to={item.url}>{item.title}</Link> : item.url ? <a href={item.url}>{item.title}</a> : item.title}
                {item.read ? null : <> <span className="badge badge-info">New</span></>}
              </h3>
              {item.body ? <p>{item.body}</p> : null}
              <p className="muted small">
                <time dateTime={item.created}>{new Date(item.created).toLocaleString()}</time>
                {!item.read ? (
                  <>
                    {" · "}
                    <button type="button" className="button button-link button-small" disabled={read.isPending}
                      aria-label={`Mark read: ${item.title}`} onClick={() => read.mutate(item.id)}>
                      Mark read
                    </button>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <div className="empty-state"><p>{unreadOnly ? "No unread notifications." : "No notifications yet."}</p></div>
      )}
      {page > 1 || list.data?.next ? (
        <nav className="cluster" aria-label="Pages of notifications">
          <button type="button" className="button button-secondary button-small" disabled={page === 1} onClick={() => setPage(page - 1)}>Previous</button>
          <span className="muted">Page {page}</span>
          <button type="button" className="button button-secondary button-small" disabled={!list.data?.next} onClick={() => setPage(page + 1)}>Next</button>
        </nav>
      ) : null}
    </section>
  );
}

const EMAIL_CHOICES: { value: EmailChoice; label: string }[] = [
  { value: "immediate", label: "At once" },
  { value: "digest", label: "In a digest" },
  { value: "off", label: "Never" },
];

function PreferencesForm({ initial }: { initial: Preference[] }) {
  const [rows, setRows] = useState(initial);
  const save = useSavePreferences();

  function update(kind: string, change: Partial<Preference>) {
    setRows(rows.map((row) => (row.kind === kind ? { ...row, ...change } : row)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(rows.map(({ kind, in_app, email }) => ({ kind, in_app, email })));
  }

  return (
    <form className="form form-wide" onSubmit={submit} noValidate>
      {save.error ? <Alert messages={save.error.formMessages} /> : null}
      {save.isSuccess ? <Alert tone="success" messages={["Your preferences are saved."]} /> : null}
      <div className="table-wrap" role="region" aria-label="Preferences by kind of notification" tabIndex={0}>
        <table className="table table-stack">
          <thead>
            <tr><th scope="col">Notification</th><th scope="col">In the app</th><th scope="col">By email</th></tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.kind}>
                <td>{row.title}</td>
                <td data-label="In the app">
                  <input type="checkbox" id={`in-app-${row.kind}`} checked={row.in_app} aria-label={`${row.title}: in the app`}
                    onChange={(e) => update(row.kind, { in_app: e.target.checked })} />
                </td>
                <td data-label="By email">
                  <select aria-label={`${row.title}: by email`} value={row.email}
                    onChange={(e) => update(row.kind, { email: e.target.value as EmailChoice })}>
                    {EMAIL_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions"><button type="submit" className="button" disabled={save.isPending}>Save</button></div>
    </form>
  );
}

function Preferences() {
  const preferences = usePreferences();
  return (
    <section aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">Preferences</h2>
      {preferences.error ? <Alert messages={[preferences.error.message]} /> : null}
      {preferences.data ? <PreferencesForm initial={preferences.data} /> : preferences.isPending ? <Loading /> : null}
    </section>
  );
}

/** /notifications: the inbox and the preferences. */
export function NotificationsPage() {
  const unread = useUnreadCount();
  return (
    <>
      <PageHeader title="Notifications">
        {unread.data ? <p className="muted">{unread.data.unread} unread</p> : null}
      </PageHeader>
      <div className="stack">
        <Inbox />
        <Preferences />
      </div>
    </>
  );
}
