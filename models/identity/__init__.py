"""Who is acting: accounts for the people in the directory (one person, one account), passwords (Argon2id),
sign-in with throttling, bearer and personal access tokens, activation links, single sign-on's mapping to a
person, and the events every sign-in, failure, lock and token use leaves. The web and the API ask here who
someone is; the engine is then told, and decides what they may do."""
