import { useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useSession } from '../session/SessionContext';

export function SignIn({ notice }: { notice?: string | undefined }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email, password);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Bitwreckers admin</h1>
      <p className="muted">Sign in with your staff account.</p>
      {notice && <p role="status">{notice}</p>}
      <Form onSubmit={submit} className="card">
        <TextField className="field" name="email" type="email" value={email} onChange={setEmail} isRequired autoComplete="username">
          <Label>E-mail address</Label>
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
          autoComplete="current-password"
        >
          <Label>Password</Label>
          <Input />
          <FieldError />
        </TextField>
        {problem && (
          <p role="alert" className="alert">
            {problem}
          </p>
        )}
        <Button type="submit" className="primary" isDisabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
    </main>
  );
}
