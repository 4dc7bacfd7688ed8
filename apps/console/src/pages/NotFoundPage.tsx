import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/inbox">Go to the inbox</Link>
      </p>
    </section>
  );
}
