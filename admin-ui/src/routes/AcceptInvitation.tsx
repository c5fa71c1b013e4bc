import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useSession } from '../session/SessionContext';
import { InvitationProblem } from '../session/tokens';
import { usePageTitle } from './usePageTitle';

/**
 * The token arrives in the link's fragment (`#token=...`), which browsers never send to a server, so no access log
 * sees it. It is read once and removed from the address bar and history at once.
 */
function takeToken(): string {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  if (window.location.hash) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}

/** Public: a person invited by e-mail chooses a name and password; the account is created and signed in. */
export function AcceptInvitation() {
  usePageTitle('Accept your invitation');
  const session = useSession();
  const navigate = useNavigate();
  const [token] = useState(takeToken);
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<InvitationProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await session.accept(token, fullName, password);
      await navigate({ to: '/' });
    } catch (e) {
      setProblem(e instanceof InvitationProblem ? e : new InvitationProblem(String(e), {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <h1>Welcome to the Bitwreckers admin</h1>
      {!token ? (
        <p role="alert">This page needs the link from your invitation e-mail. Open the link again, or ask for a new one.</p>
      ) : (
        <>
          <p className="muted">You were invited to the team. Choose how you are named and your password.</p>
          <Form onSubmit={submit} className="card" validationErrors={problem?.details}>
            <TextField className="field" name="full_name" value={fullName} onChange={setFullName} isRequired autoComplete="name">
              <Label>Your name</Label>
              <Input />
              <FieldError />
            </TextField>
            <TextField
              className="field"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              isRequired
              autoComplete="new-password"
            >
              <Label>Password</Label>
              <Input />
              <FieldError />
            </TextField>
            {problem && (
              <p role="alert" className="alert">
                {problem.message}
              </p>
            )}
            <Button type="submit" className="primary" isDisabled={busy}>
              {busy ? 'Creating your account…' : 'Accept and sign in'}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
