/** The form and page pieces, with the design system's class names (quickscale.css). */
import { SITE_NAME } from "../lib/site";
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode } from "react";

export function Alert({ messages, tone = "error" }: { messages: string[]; tone?: "error" | "success" | "info" | "warning" }) {
  if (messages.length === 0) {
    return null;
  }
  const role = tone === "error" ? "alert" : "status";
  return (
    <div className={`alert alert-${tone}${tone === "error" ? " form-errors" : ""}`} role={role}>
      {messages.length === 1 ? <p>{messages[0]}</p> : (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  errors?: string[];
  help?: ReactNode;
}

export function Field({ label, errors = [], help, type = "text", ...input }: FieldProps) {
  const id = useId();
  const described = [help ? `${id}-help` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(" ");
  const check = type === "checkbox";
  const control = (
    <input
      id={id}
      type={type}
      aria-invalid={errors.length > 0 ? true : undefined}
      aria-describedby={described || undefined}
      {...input}
    />
  );
  return (
    <div className={`field${check ? " field-check" : ""}${errors.length ? " field-invalid" : ""}`}>
      {check ? control : null}
      <label htmlFor={id}>{label}</label>
      {check ? null : control}
      {help ? (
        <div className="field-help" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
      {errors.length ? (
        <ul className="field-errors" id={`${id}-error`}>
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Sets document.title and moves focus to the page's h1 holder (main) after a route change. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${SITE_NAME}`;
  }, [title]);
}

export function PageHeader({ title, children, eyebrow }: { title: string; children?: ReactNode; eyebrow?: string }) {
  usePageTitle(title);
  return (
    <header className="page-header">
      <div>
        {eyebrow ? <span className="eyebrow">{eyebrow}</span> : null}
        <h1>{title}</h1>
      </div>
      {children}
    </header>
  );
}

/** A narrow card page (sign-in, sign-up...): one card, its h1 as the card title. */
export function CardPage({ title, children, eyebrow }: { title: string; children: ReactNode; eyebrow?: string }) {
  usePageTitle(title);
  const id = useId();
  return (
    <div className="narrow">
      <section className="card" aria-labelledby={id}>
        {eyebrow ? <span className="eyebrow">{eyebrow}</span> : null}
        <h1 id={id} className="card-title">
          {title}
        </h1>
        {children}
      </section>
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="muted" role="status">
      {label}
    </p>
  );
}

/** Focus an element once it appears (e.g. a code field of a new step). */
export function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
