-- Avatars uploaded to the library were stored as full URLs (PUBLIC_URL/media/<key> or MEDIA_CDN_URL/<key>). Like media
-- fields (V18) they are now stored as /media/<key> and answered under the current base. Outside URLs stay as they are.
UPDATE users SET avatar_url = '/media/' || substring(avatar_url FROM '[^/]+$')
    WHERE avatar_url ~ '^https?://.*/[a-f0-9]{64}(-w[0-9]{2,5})?\.[a-z0-9]{2,5}$'
      AND EXISTS (SELECT 1 FROM media_assets m WHERE m.hash = substring(users.avatar_url FROM '/([a-f0-9]{64})[^/]*$'));
