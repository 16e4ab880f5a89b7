"""Demo news: three texts the partners published about Next2Met, each in its own
language with an English title and lead. The facts are data in ``demo/news.yaml``."""

from core.demo import load_file


def load_news() -> dict:
    counts = load_file("news")
    return {"news posts": counts["news.newspost"]}
