export function Forbidden() {
  return (
    <>
      <h1>Not for your role</h1>
      <p>Your role may not use this screen. Ask an admin if you need it.</p>
    </>
  );
}
