# %% [markdown]
# # play

# %%
import micromlp

print(micromlp.__version__)
