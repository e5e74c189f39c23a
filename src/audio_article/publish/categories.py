"""Apple Podcasts categories, as the W3C Feed Validator checks them (STANDARDS.md §2.2 #7,
R22: w3c/feedvalidator src/feedvalidator/itunes.py, ``valid_itunes_categories``)."""

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health",
                         "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary",
             "Politics", "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
               "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
               "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews",
                  "TV Reviews"),
}


def category_problem(top: str, sub: str | None) -> str | None:
    """Why (top, sub) is not an Apple category, or None when it is one."""
    if top not in CATEGORIES:
        return f"{top!r} is not an Apple Podcasts category"
    if sub is not None and sub not in CATEGORIES[top]:
        return f"{sub!r} is not a subcategory of {top!r}"
    return None
