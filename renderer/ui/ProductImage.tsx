/** A product image from the offline cache (or the server, then cached); a quiet placeholder when neither has it. */
import { useImage } from '../data/hooks';

export function ProductImage({ path, alt, className }: { path: string | null; alt: string; className?: string }): React.JSX.Element {
  const { src, loading } = useImage(path);
  if (!src) {
    return (
      <div className={`img-placeholder ${className ?? ''}`} aria-label={loading ? 'Loading image' : 'No image available offline'}>
        {loading ? '' : 'No image'}
      </div>
    );
  }
  return <img className={className} src={src} alt={alt} draggable={false} />;
}
