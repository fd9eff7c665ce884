-- Nobody but the owner gets more than reading and appending; the serving role is granted
-- exactly that (README, "Trust model"). The triggers stop even the owner's updates and deletes;
-- only an owner could switch them off, which is why requests are served by another role.
revoke all on audit_log from public;
