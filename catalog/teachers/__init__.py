"""Teachers on the public site: accounts, collections, license-safe forks and remixes,
upstream changes and publishing through moderation."""
